import { EntryTableBuilder, type EntryTable } from '../model/entry-table.js';

/**
 * A customer card's next state: its history up to `effective`, then the new
 * sell entries. A priced revision replaces the whole card from `effective`
 * on, so older entries end there (calls made before it are still rated at
 * the rates of their day) and entries that would have started later are
 * superseded. This holds even when every code is blocked and the new sell
 * card is empty.
 */
export function supersedeFrom(previous: EntryTable, next: EntryTable, effective: number): EntryTable {
  const builder = new EntryTableBuilder(previous.length + next.length);
  for (let i = 0; i < previous.length; i++) {
    const from = previous.effectiveFrom[i]!;
    if (from >= effective) continue;
    builder.addFrom(previous, i, { effectiveTo: Math.min(previous.effectiveTo[i]!, effective) });
  }
  for (let i = 0; i < next.length; i++) builder.addFrom(next, i);
  return builder.build();
}
