import { cellText, type CellValue } from './cell-value.js';
import { parseDateCell } from './date-cell.js';
import { NONE, type DateTable } from '../worker/slice-builder.js';

/** An id for each distinct date text of one column; each text is parsed once. */
export class DateTableBuilder {
  private readonly ids = new Map<string | number, number | string>();
  private readonly texts: string[] = [];
  private readonly dayFirst: number[] = [];
  private readonly monthFirst: number[] = [];
  private lastValue: CellValue = null;
  private lastId: number | string = NONE;

  constructor(private readonly date1904 = false) {}

  /** The cell's id in the table, NONE for an empty cell, or the reason it is no date. */
  idOf(value: CellValue): number | string {
    if (value === null) return NONE;
    // Dates repeat row after row: the previous cell's answer is the likeliest.
    if (value === this.lastValue) return this.lastId;
    const known = this.ids.get(value);
    if (known !== undefined) {
      this.lastValue = value;
      this.lastId = known;
      return known;
    }
    const cell = parseDateCell(value, this.date1904);
    let result: number | string;
    if (cell.kind === 'absent') result = NONE;
    else if (cell.kind === 'invalid') result = cell.reason;
    else {
      result = this.texts.length;
      this.texts.push(cellText(value).trim());
      this.dayFirst.push(cell.kind === 'time' ? cell.time : cell.dmy);
      this.monthFirst.push(cell.kind === 'time' ? cell.time : cell.mdy);
    }
    this.ids.set(value, result);
    return result;
  }

  finish(): DateTable {
    return { texts: this.texts, dayFirst: Float64Array.from(this.dayFirst), monthFirst: Float64Array.from(this.monthFirst) };
  }
}
