import { cellText, type CellValue } from './cell-value.js';
import { parseDateCell } from './date-cell.js';
import { NONE, type DateTable } from '../slice-builder.js';

/**
 * A DateTable being built: an id for each distinct date of one column, with its text and
 * its times read day-first and month-first. A worker fills one from cells (idOf), each
 * distinct cell parsed once; the assembler fills one for the whole deck from the slices'
 * tables (add), each distinct text kept once.
 */
export class DateTableBuilder {
  private readonly cellIds = new Map<string | number, number | string>();
  private readonly textIds = new Map<string, number>();
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
    const known = this.cellIds.get(value);
    if (known !== undefined) {
      this.lastValue = value;
      this.lastId = known;
      return known;
    }
    const cell = parseDateCell(value, this.date1904);
    let result: number | string;
    if (cell.kind === 'absent') result = NONE;
    else if (cell.kind === 'invalid') result = cell.reason;
    else result = this.push(cellText(value).trim(), cell.kind === 'time' ? cell.time : cell.dmy, cell.kind === 'time' ? cell.time : cell.mdy);
    this.cellIds.set(value, result);
    return result;
  }

  /** Ids in this table of a slice's date table, by the slice's ids; a text already here keeps its id. */
  add(dates: DateTable): Int32Array {
    return Int32Array.from(dates.texts, (text, index) => {
      let id = this.textIds.get(text);
      if (id === undefined) {
        id = this.push(text, dates.dayFirst[index]!, dates.monthFirst[index]!);
        this.textIds.set(text, id);
      }
      return id;
    });
  }

  finish(): DateTable {
    return { texts: this.texts, dayFirst: Float64Array.from(this.dayFirst), monthFirst: Float64Array.from(this.monthFirst) };
  }

  private push(text: string, dayFirst: number, monthFirst: number): number {
    this.dayFirst.push(dayFirst);
    this.monthFirst.push(monthFirst);
    return this.texts.push(text) - 1;
  }
}
