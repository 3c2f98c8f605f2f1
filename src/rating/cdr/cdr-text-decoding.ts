/**
 * Call-record files are UTF-8, or Windows-1252 when a PBX or a spreadsheet
 * wrote a caller name in the local code page. The choice is made for the
 * whole file: any byte sequence that is not valid UTF-8 makes it
 * Windows-1252 (which decodes every byte), so one "é" as 0xE9 does not turn
 * into U+FFFD while the rest reads as UTF-8.
 */
export type CdrEncoding = 'utf-8' | 'windows-1252';

/** Streaming UTF-8 validity check: feed every chunk, then ask `valid()`. */
export class Utf8Check {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  #valid = true;

  push(bytes: Uint8Array): void {
    if (!this.#valid) return;
    try {
      this.#decoder.decode(bytes, { stream: true });
    } catch {
      this.#valid = false;
    }
  }

  valid(): boolean {
    if (this.#valid) {
      try {
        this.#decoder.decode();
      } catch {
        this.#valid = false;
      }
    }
    return this.#valid;
  }
}

export function encodingOf(bytes: Uint8Array): CdrEncoding {
  const check = new Utf8Check();
  check.push(bytes);
  return check.valid() ? 'utf-8' : 'windows-1252';
}

/** A streaming decoder for the chosen encoding; the UTF-8 byte order mark is dropped. */
export function cdrTextDecoder(encoding: CdrEncoding): TextDecoder {
  return new TextDecoder(encoding);
}

/** Decodes a whole buffer (or a worker's byte range cut at a line boundary). */
export function decodeCdrBytes(bytes: Uint8Array, encoding: CdrEncoding = encodingOf(bytes)): string {
  return cdrTextDecoder(encoding).decode(bytes);
}
