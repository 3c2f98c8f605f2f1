/**
 * Interns pairs of non-negative int32s to dense ids 0, 1, 2, … with an
 * open-addressing table over typed arrays: no per-pair allocation, which
 * matters when a million entries are grouped into a few thousand tariffs.
 */
export class PairInterner {
  private firsts: Int32Array;
  private seconds: Int32Array;
  private ids: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.firsts = new Int32Array(capacity);
    this.seconds = new Int32Array(capacity);
    this.ids = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  id(first: number, second: number): number {
    let slot = hash(first, second) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === -1) break;
      if (this.firsts[slot] === first && this.seconds[slot] === second) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    this.firsts[slot] = first;
    this.seconds[slot] = second;
    this.ids[slot] = id;
    if (this.count * 2 > this.ids.length) this.grow();
    return id;
  }

  private grow(): void {
    const { firsts, seconds, ids } = this;
    const capacity = ids.length * 2;
    this.firsts = new Int32Array(capacity);
    this.seconds = new Int32Array(capacity);
    this.ids = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let old = 0; old < ids.length; old++) {
      const id = ids[old]!;
      if (id === -1) continue;
      let slot = hash(firsts[old]!, seconds[old]!) & this.mask;
      while (this.ids[slot] !== -1) slot = (slot + 1) & this.mask;
      this.firsts[slot] = firsts[old]!;
      this.seconds[slot] = seconds[old]!;
      this.ids[slot] = id;
    }
  }
}

function hash(first: number, second: number): number {
  let h = Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}
