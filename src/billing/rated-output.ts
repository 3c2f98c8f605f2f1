import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { RatedeckError } from '../errors.js';

const CHUNK_CHARACTERS = 64 * 1024;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line (RFC 4180) of the cells of each group in turn: a cell is quoted only when it holds a quote, comma or line break. */
export function csvLine(...groups: (readonly string[])[]): string {
  let line = '';
  let first = true;
  for (const cells of groups) {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (!first) line += ',';
      first = false;
      line += NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
    }
  }
  return line + '\n';
}

/**
 * Lines to a stream in 64 KiB chunks, waiting for 'drain' when the stream
 * says so: output never piles up in memory, however fast records are rated.
 * A failed write is UNWRITABLE_FILE naming `target`.
 */
export class ChunkedLineWriter {
  readonly #stream: Writable;
  readonly #target: string;
  /** Lines are appended to one string (V8 keeps it as a rope until the write flattens it once). */
  #buffer = '';
  #failure: Error | null = null;

  constructor(stream: Writable, target: string) {
    this.#stream = stream;
    this.#target = target;
    stream.on('error', (error) => {
      this.#failure ??= error;
    });
  }

  /** Buffers a line; resolves at once unless a chunk is due and the stream is full. */
  write(line: string): Promise<void> | undefined {
    this.#buffer += line;
    return this.#buffer.length >= CHUNK_CHARACTERS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    this.#check();
    if (this.#buffer.length === 0) return;
    const chunk = this.#buffer;
    this.#buffer = '';
    if (!this.#stream.write(chunk)) await this.#wait('drain');
    this.#check();
  }

  /** Flushes, and ends the stream when `end` (a file; never stdout). */
  async close(end: boolean): Promise<void> {
    await this.flush();
    if (end) {
      this.#stream.end();
      await this.#wait('finish');
    }
    this.#check();
  }

  /** Waits for `event`; an 'error' instead ends the wait (events.once rejects on it) and is reported by #check. */
  async #wait(event: 'drain' | 'finish'): Promise<void> {
    try {
      await once(this.#stream, event);
    } catch (error) {
      this.#failure ??= error as Error;
    }
  }

  #check(): void {
    if (this.#failure) {
      throw new RatedeckError('UNWRITABLE_FILE', `Cannot write ${this.#target}: ${this.#failure.message}`, { path: this.#target });
    }
  }
}
