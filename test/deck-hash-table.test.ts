import { describe, expect, it } from 'vitest';
import { EMPTY_SLOT, HashSlots, hashString } from '../src/model/hash-table.js';

describe('the shared open-addressing table', () => {
  it('find and fill intern 5000 texts through several growths, each found again with its entry', () => {
    const texts: string[] = [];
    const table = new HashSlots((entry) => hashString(texts[entry]!), 0, 16);
    const intern = (text: string): number => {
      const found = table.find(hashString(text), (entry) => texts[entry] === text);
      if (found >= 0) return found;
      table.fill(~found, texts.push(text) - 1);
      return texts.length - 1;
    };
    for (let i = 0; i < 5000; i++) expect(intern(`code ${i}`)).toBe(i);
    for (let i = 0; i < 5000; i++) expect(intern(`code ${i}`)).toBe(i);
    expect(table.size).toBe(5000);
  });

  it('the written-out probe ends on an empty slot for a new key; replace keeps the latest entry of a key', () => {
    const keys = ['44', '447', '44'];
    const table = new HashSlots((entry) => hashString(keys[entry]!));
    const latest = (entry: number): number => {
      for (let slot = table.firstSlot(hashString(keys[entry]!)); ; slot = table.nextSlot(slot)) {
        const occupant = table.entryAt(slot);
        if (occupant === EMPTY_SLOT) {
          table.fill(slot, entry);
          return -1;
        }
        if (keys[occupant] === keys[entry]) {
          table.replace(slot, entry);
          return occupant;
        }
      }
    };
    expect([latest(0), latest(1), latest(2)]).toEqual([-1, -1, 0]);
    expect(table.size).toBe(2);
    expect(table.find(hashString('44'), (entry) => keys[entry] === '44')).toBe(2);
  });
});
