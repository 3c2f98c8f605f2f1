import { Worker } from 'node:worker_threads';

export interface LoadRequest {
  port: number;
  host: string;
  /** Raw HTTP/1.1 request texts, sent in turn. */
  requests: string[];
  connections: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  completed: number;
  /** Responses that were not 200, and socket errors. */
  failures: number;
  elapsedMs: number;
}

/** Runs the keep-alive load generator in a worker thread (the server keeps the main thread). */
export function runHttpLoad(request: LoadRequest): Promise<LoadResult & { requestsPerSecond: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load-worker.js', import.meta.url), { workerData: request });
    worker.once('message', (result: LoadResult) => {
      resolve({ ...result, requestsPerSecond: (result.completed / result.elapsedMs) * 1000 });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export function getRequest(host: string, path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`;
}

export function postJsonRequest(host: string, path: string, body: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
