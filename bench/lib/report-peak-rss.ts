// Preloaded with `node --import` into a measured child process: reports the
// process's peak resident set (main thread and worker threads together) on exit.
process.on('exit', () => {
  process.stderr.write(`\nPEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
