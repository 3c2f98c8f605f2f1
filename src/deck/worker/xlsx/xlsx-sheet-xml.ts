import { LIMITS } from '../../../limits.js';
import type { CellValue } from '../../cells/cell-value.js';
import { xlsxCellValue } from './xlsx-cell.js';
import { XmlTagReader } from './xml-tag-reader.js';
import { IrregularSheetError } from './irregular-sheet-error.js';
import { decodeXmlReferences, exceljsXmlDecode } from './xml-references.js';

/** One worksheet row: its number as the sheet gives it, and its cells from column A on. */
export interface SheetRow {
  number: number;
  cells: CellValue[];
}

/** What the text read since the last value-holding tag opened belongs to. */
const NOWHERE = 0;
const FORMULA = 1;
const VALUE = 2;
/** Cell types (the `t` attribute) as exceljs tells them apart; anything else is a number. */
const NUMBER = 0;
const SHARED_STRING = 1;
const STR = 2;
const INLINE_STR = 3;
const ERROR = 4;
const BOOLEAN = 5;

/**
 * Reads the rows of a worksheet's XML (xl/worksheets/sheetN.xml) as exceljs's streaming
 * WorksheetReader and its `row.values` give them (see xlsxRowCells), several times
 * faster: one pass of indexOf over the decoded text, no SAX events, no Row and Cell
 * objects. It follows exceljs's rules tag for tag: rows only inside sheetData, a cell's
 * value from its last `<v>`, `<is>` or `<t>` (so a rich inline string gives its last
 * run), formulas give their cached result, `t="s"` indexes the shared strings, `t="b"`
 * is a boolean, `t="e"` an error, `t="str"` and `t="inlineStr"` text decoded once more as
 * exceljs does, anything else a number (styles are not read: dates stay serials); a
 * column's last value wins. XML it does not take the same way throws IrregularSheetError.
 * Rows come in batches, one per chunk of XML read.
 *
 * One difference, on purpose: text is decoded as one stream, so a character whose bytes
 * straddle two chunks stays whole (exceljs decodes chunk by chunk and breaks it).
 */
export async function* sheetXmlRows(chunks: AsyncIterable<Buffer | string>, sharedStrings: readonly unknown[] | undefined): AsyncGenerator<SheetRow[]> {
  const decoder = new TextDecoder('utf-8');
  const reader = new SheetXmlReader(sharedStrings);
  let pending = '';
  for await (const chunk of chunks) {
    let text = pending + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    // XML reads \r\n and a lone \r as \n; a \r at the end may be half of a \r\n.
    const carry = text.endsWith('\r') ? '\r' : '';
    if (carry) text = text.slice(0, -1);
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    pending = text.slice(reader.read(text)) + carry;
    if (reader.rows.length > 0) yield reader.takeRows();
  }
  reader.read(pending.replace(/\r\n?/g, '\n') + decoder.decode());
  if (reader.rows.length > 0) yield reader.takeRows();
}

class SheetXmlReader extends XmlTagReader {
  rows: SheetRow[] = [];
  private inSheetData = false;
  /** The open row's cells by column - 1: undefined where exceljs holds no value. */
  private row: { number: number; values: (CellValue | undefined)[] } | null = null;
  private inCell = false;
  private cellColumn = 0;
  private cellType = NUMBER;
  private hasFormula = false;
  private formulaHasText = false;
  private hasValue = false;
  private valueText = '';
  private current = NOWHERE;

  constructor(private readonly sharedStrings: readonly unknown[] | undefined) {
    super();
  }

  protected override elementName(text: string, start: number, end: number): string {
    return knownName(text, start, end);
  }

  takeRows(): SheetRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  /**
   * A row's `r`, or a cell's column from its `r` (A is 1), read straight from the text when
   * it is plain digits (row) or letters and digits (cell), as nearly all are; -1 otherwise.
   */
  private plainNumber(text: string, column: boolean): number {
    const slot = this.attributeSlot(text, 0x72 /* r */);
    if (slot === -1) return -1;
    const end = this.attributeValueEnd(slot);
    let at = this.attributeValueStart(slot);
    let value = 0;
    if (column) {
      for (; at < end && value <= LIMITS.deck.columns; at++) {
        const code = text.charCodeAt(at);
        if (code < 0x41 || code > 0x5a) break;
        value = value * 26 + code - 64;
      }
      if (value === 0 || value > LIMITS.deck.columns || at === end) return -1;
    }
    const digitsStart = at;
    for (; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code < 0x30 || code > 0x39) return -1;
      if (!column) value = value * 10 + code - 0x30;
    }
    return at === digitsStart || at - digitsStart > 9 ? -1 : value;
  }

  /** The cell type from `t`, compared in place for the usual values. */
  private cellTypeOf(text: string): number {
    const slot = this.attributeSlot(text, 0x74 /* t */);
    if (slot === -1) return NUMBER;
    const start = this.attributeValueStart(slot);
    const length = this.attributeValueEnd(slot) - start;
    if (length === 1) {
      const code = text.charCodeAt(start);
      if (code === 0x73) return SHARED_STRING;
      if (code === 0x6e) return NUMBER;
    } else if (length === 3 && text.startsWith('str', start)) return STR;
    return cellType(this.attribute(text, 0x74));
  }

  protected startElement(name: string, text: string): void {
    switch (name) {
      case 'sheetData':
        this.inSheetData = true;
        break;
      case 'row':
        if (this.inSheetData) {
          const plain = this.plainNumber(text, false);
          const number = plain >= 0 ? plain : Number.parseInt(this.attribute(text, 0x72 /* r */) ?? '', 10);
          if (Number.isNaN(number)) throw new IrregularSheetError('a row without a number');
          this.row = { number, values: [] };
        }
        break;
      case 'c':
        if (this.row) {
          this.inCell = true;
          const plain = this.plainNumber(text, true);
          this.cellColumn = plain > 0 ? plain : columnOf(this.attribute(text, 0x72 /* r */));
          this.cellType = this.cellTypeOf(text);
          this.hasFormula = false;
          this.formulaHasText = false;
          this.hasValue = false;
          this.current = NOWHERE;
        }
        break;
      case 'f':
        if (this.inCell) {
          this.hasFormula = true;
          this.current = FORMULA;
        }
        break;
      case 'v':
      case 'is':
      case 't':
        if (this.inCell) {
          this.hasValue = true;
          this.valueText = '';
          this.current = VALUE;
        }
        break;
    }
  }

  protected endElement(name: string): void {
    switch (name) {
      case 'sheetData':
        this.inSheetData = false;
        break;
      case 'row': {
        const row = this.row;
        if (!row) throw new IrregularSheetError('a row outside sheetData');
        // The row is as wide as its last cell that exceljs holds a value for, even one
        // xlsxCellValue reads as null (a formula without a result).
        let width = row.values.length;
        while (width > 0 && row.values[width - 1] === undefined) width--;
        const cells: CellValue[] = new Array(width);
        for (let column = 0; column < width; column++) cells[column] = row.values[column] ?? null;
        this.rows.push({ number: row.number, cells });
        this.row = null;
        break;
      }
      case 'c':
        if (this.row && this.inCell) this.endCell(this.row);
        this.inCell = false;
        this.current = NOWHERE;
        break;
    }
  }

  protected characters(text: string, start: number, end: number): void {
    if (this.current === NOWHERE) return;
    const raw = text.slice(start, end);
    const decoded = raw.includes('&') ? decodeXmlReferences(raw) : raw;
    if (this.current === VALUE) this.valueText += decoded;
    else this.formulaHasText = true;
  }

  /** The cell's value as exceljs sets it, then as xlsxCellValue reads it. */
  private endCell(row: { values: (CellValue | undefined)[] }): void {
    const text = this.valueText;
    if (this.hasFormula) {
      // An error result (t="e", as Excel writes a failed VLOOKUP) is its code; exceljs reads it as NaN, an empty cell.
      const result = !this.hasValue ? undefined : this.cellType === STR ? exceljsXmlDecode(text) : this.cellType === ERROR ? text : Number.parseFloat(text);
      // exceljs holds { formula, result } (a value even without a result) and, for a
      // formula with text, keeps only a truthy result: a cached 0 or '' reads as empty.
      // A shared formula's other cells have no text and keep their result as it is.
      row.values[this.cellColumn - 1] = xlsxCellValue((this.formulaHasText ? result || undefined : result) ?? null);
      return;
    }
    if (!this.hasValue) return;
    let value: unknown;
    switch (this.cellType) {
      case SHARED_STRING:
        if (!this.sharedStrings) throw new IrregularSheetError('a shared string without a shared string table');
        value = this.sharedStrings[Number.parseInt(text, 10)];
        break;
      case STR:
      case INLINE_STR:
        value = exceljsXmlDecode(text);
        break;
      case ERROR:
        value = text;
        break;
      case BOOLEAN:
        value = Number.parseInt(text, 10) !== 0;
        break;
      default:
        value = Number.parseFloat(text);
    }
    // A cell set to nothing (an unknown shared string) is empty again, as in exceljs.
    row.values[this.cellColumn - 1] = value === null || value === undefined ? undefined : xlsxCellValue(value);
  }
}

/** The column (1-based) of a cell address such as `B12` or `$B$12`, as exceljs decodes it. */
function columnOf(address: string | undefined): number {
  const match = address === undefined ? null : /^\$?([A-Z]{1,3})\$?\d+$/.exec(address);
  let column = 0;
  if (match) for (let i = 0; i < match[1]!.length; i++) column = column * 26 + match[1]!.charCodeAt(i) - 64;
  if (!match || column > LIMITS.deck.columns) throw new IrregularSheetError(`the cell address ${address}`);
  return column;
}

function cellType(type: string | undefined): number {
  switch (type) {
    case 's':
      return SHARED_STRING;
    case 'str':
      return STR;
    case 'inlineStr':
      return INLINE_STR;
    case 'e':
      return ERROR;
    case 'b':
      return BOOLEAN;
    default:
      return NUMBER;
  }
}

/** The element names the reader acts on, without making a string for each tag. */
function knownName(text: string, start: number, end: number): string {
  const length = end - start;
  const first = text.charCodeAt(start);
  if (length === 1) {
    if (first === 0x63) return 'c';
    if (first === 0x76) return 'v';
    if (first === 0x66) return 'f';
    if (first === 0x74) return 't';
  } else if (length === 3 && text.startsWith('row', start)) return 'row';
  else if (length === 2 && text.startsWith('is', start)) return 'is';
  return text.slice(start, end);
}
