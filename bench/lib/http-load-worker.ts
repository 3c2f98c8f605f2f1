import { connect, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadRequest, LoadResult } from './http-load.js';

/**
 * A minimal keep-alive HTTP/1.1 load generator on raw sockets: each
 * connection sends one request, waits for the whole response (by
 * Content-Length), sends the next. Cheaper per request than node:http's
 * client, so the server, not the generator, is what gets measured.
 */
const { port, host, requests, connections, warmupMs, durationMs } = workerData as LoadRequest;
const encoded = requests.map((text) => Buffer.from(text, 'latin1'));
const HEADER_END = Buffer.from('\r\n\r\n');
let measuring = false;
let stopped = false;
let completed = 0;
let failures = 0;
let next = 0;

function drive(socket: Socket): void {
  let pending: Buffer = Buffer.alloc(0);
  const send = (): void => {
    if (!stopped) socket.write(encoded[next++ % encoded.length]!);
  };
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const headerEnd = pending.indexOf(HEADER_END);
      if (headerEnd === -1) return;
      const head = pending.toString('latin1', 0, headerEnd);
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = headerEnd + 4 + length;
      if (pending.length < total) return;
      if (measuring) {
        completed++;
        if (!head.startsWith('HTTP/1.1 200')) failures++;
      }
      pending = pending.subarray(total);
      send();
    }
  });
  socket.on('error', () => {
    failures++;
  });
  send();
}

const sockets: Socket[] = [];
for (let i = 0; i < connections; i++) {
  const socket = connect({ port, host, noDelay: true });
  sockets.push(socket);
  socket.once('connect', () => drive(socket));
}
setTimeout(() => {
  measuring = true;
  const start = performance.now();
  setTimeout(() => {
    measuring = false;
    stopped = true;
    const elapsedMs = performance.now() - start;
    for (const socket of sockets) socket.destroy();
    parentPort!.postMessage({ completed, failures, elapsedMs } satisfies LoadResult);
  }, durationMs);
}, warmupMs);
