import { RatedeckError } from '../../errors.js';
import { command, type CommandSpec } from '../command-spec.js';
import { parsedWithDefault, textWithDefault } from '../option-readers.js';

function parseListenPort(value: string, option: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RatedeckError('BAD_OPTION', `${option}: "${value}" is not a port; expected 0 to 65535, e.g. --port 8080.`, { option });
  }
  return port;
}

export const serveCommands: CommandSpec[] = [
  command({
    path: ['serve'],
    database: 'read',
    description:
      'serve lookups over HTTP: GET /v1/lookup, POST /v1/lookup, GET /v1/lcr (least-cost routing), GET /healthz; a new import or pricing run is picked up without restart',
    options: {
      port: parsedWithDefault('--port <port>', 'TCP port (0: any free port)', '8080', parseListenPort),
      host: textWithDefault('--host <address>', 'address to listen on', '127.0.0.1'),
    },
    async run(context, _args, { port, host }) {
      // Loaded here, not at the top: `ratedeck lookup` must not pay for the server's modules.
      // A port in use or a host that does not resolve throws BAD_OPTION naming the option.
      const { startLookupServer } = await import('../../server/lookup-server.js');
      const server = await startLookupServer({ databasePath: context.databasePath, port, host });
      context.stdout.write(`ratedeck: serving lookups on ${server.url} (Ctrl-C stops)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      return { text: 'ratedeck: stopped.', json: { stopped: true } };
    },
  }),
];
