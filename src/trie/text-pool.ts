/**
 * Interned texts (destinations and decimal strings) stored as one UTF-8 byte
 * array plus offsets, so a trie snapshot carries them as two flat sections and
 * loading it decodes nothing up front. A text is decoded the first time it is
 * asked for and kept: a card has far fewer distinct texts than entries.
 */
export class TextPool {
  readonly offsets: Uint32Array;
  readonly bytes: Uint8Array;
  private readonly view: Buffer;
  private readonly decoded: (string | undefined)[];

  /** `offsets` has count + 1 items; text i is bytes[offsets[i] .. offsets[i + 1]). */
  constructor(offsets: Uint32Array, bytes: Uint8Array) {
    this.offsets = offsets;
    this.bytes = bytes;
    this.view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.decoded = new Array<string | undefined>(Math.max(0, offsets.length - 1));
  }

  static fromStrings(texts: readonly string[]): TextPool {
    const encoded = texts.map((text) => Buffer.from(text, 'utf8'));
    const offsets = new Uint32Array(texts.length + 1);
    let total = 0;
    for (let i = 0; i < encoded.length; i++) {
      offsets[i] = total;
      total += encoded[i]!.length;
    }
    offsets[texts.length] = total;
    const bytes = new Uint8Array(total);
    for (let i = 0; i < encoded.length; i++) bytes.set(encoded[i]!, offsets[i]!);
    return new TextPool(offsets, bytes);
  }

  get count(): number {
    return this.offsets.length - 1;
  }

  get byteLength(): number {
    return this.offsets.byteLength + this.bytes.byteLength;
  }

  text(id: number): string {
    let text = this.decoded[id];
    if (text === undefined) {
      if (!(id >= 0 && id < this.count)) throw new RangeError(`text id ${id} is outside the pool (0..${this.count - 1})`);
      text = this.view.toString('utf8', this.offsets[id]!, this.offsets[id + 1]!);
      this.decoded[id] = text;
    }
    return text;
  }
}
