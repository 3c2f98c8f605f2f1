/**
 * The sheet XML reader against exceljs's streaming WorksheetReader, the reference: fed
 * the same XML in the same chunks, it must give the same rows (as xlsxRowCells reads
 * exceljs's), or refuse the XML so that the import reads it with exceljs.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../bench/lib/seeded-random.js';
import { xlsxRowCells } from '../src/deck/worker/xlsx/xlsx-cell.js';
import { readXlsxSheet } from '../src/deck/worker/xlsx/xlsx-sheet-reader.js';
import { IrregularSheetError } from '../src/deck/worker/xlsx/irregular-sheet-error.js';
import { workbookInReadingOrder } from '../src/deck/worker/xlsx/workbook-in-reading-order.js';
import { sheetXmlRows, type SheetRow } from '../src/deck/worker/xlsx/xlsx-sheet-xml.js';
import { sharedDecksDir } from './shared-decks.js';

const require = createRequire(import.meta.url);
type Chunks = AsyncIterable<Buffer | string>;
const WorksheetReader = require('exceljs/lib/stream/xlsx/worksheet-reader.js') as new (options: object) => AsyncIterable<{ number: number; values: unknown }>;
const WorkbookReader = require('exceljs/lib/stream/xlsx/workbook-reader.js') as new (
  input: string | NodeJS.ReadableStream,
  options: object,
) => AsyncIterable<AsyncIterable<{ number: number; values: unknown }> & { name: string; iterator: Chunks }> & { sharedStrings?: unknown[]; model?: unknown };
const StyleManager = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as new () => { init(): void };

// exceljs's own zip library, to rewrite a sheet's XML.
interface ZipArchive {
  file(name: string): { async(type: 'string'): Promise<string>; async(type: 'nodebuffer'): Promise<Buffer> } | null;
  file(name: string, data: string | Buffer): void;
  generateAsync(options: { type: 'nodebuffer' }): Promise<Buffer>;
}
const JSZip = require('jszip') as { new (): ZipArchive; loadAsync(data: Buffer): Promise<ZipArchive> };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'ratedeck-sheet-xml-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SHARED_STRINGS = ['zero', { richText: [{ text: 'ri' }, { text: 'ch' }] }, null, '', 'a&b'];

async function* chunks(text: string, cuts: number[]): AsyncGenerator<string> {
  let at = 0;
  for (const cut of cuts) {
    yield text.slice(at, cut);
    at = cut;
  }
  yield text.slice(at);
}

async function exceljsRows(xml: string, cuts: number[]): Promise<SheetRow[]> {
  const styles = new StyleManager();
  styles.init();
  const sheet = new WorksheetReader({ workbook: { sharedStrings: SHARED_STRINGS, styles, properties: {} }, id: 1, iterator: chunks(xml, cuts), options: { worksheets: 'emit' } });
  const rows: SheetRow[] = [];
  for await (const row of sheet) rows.push({ number: row.number, cells: xlsxRowCells(row.values) });
  return rows;
}

async function ourRows(xml: string, cuts: number[] = []): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of sheetXmlRows(chunks(xml, cuts), SHARED_STRINGS)) rows.push(...batch);
  return rows;
}

const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="x"><dimension ref="A1"/><sheetData>${rows}</sheetData><mergeCells count="0"/></worksheet>`;

const CELLS: ((row: number) => string)[] = [
  (r) => `<c r="A${r}"><v>1.5</v></c>`,
  (r) => `<c r="B${r}" t="s"><v>1</v></c>`,
  (r) => `<c r="B${r}" t="s"><v>2</v></c>`,
  (r) => `<c r="C${r}" t="s"><v>9</v></c>`,
  (r) => `<c r="C${r}" t="str"><v>a &amp;amp; b</v></c>`,
  (r) => `<c r="D${r}" t="inlineStr"><is><t>in&lt;line</t></is></c>`,
  (r) => `<c r="D${r}" t="inlineStr"><is><r><t>one</t></r><r><rPr><b/></rPr><t xml:space="preserve"> two</t></r></is></c>`,
  (r) => `<c r="E${r}" t="b"><v>1</v></c>`,
  (r) => `<c r="F${r}" t="e"><v>#N/A</v></c>`,
  (r) => `<c r="F${r}" t="e"><v></v></c>`,
  (r) => `<c r="G${r}"><f>A1*2</f><v>0</v></c>`,
  (r) => `<c r="G${r}"><f>A1*2</f><v>3</v></c>`,
  (r) => `<c r="G${r}" t="str"><f>X</f><v/></c>`,
  (r) => `<c r="H${r}"><f t="shared" si="0"/><v>0</v></c>`,
  (r) => `<c r="H${r}"><f>Y</f></c>`,
  (r) => `<c r="I${r}" s="3"/>`,
  (r) => `<c r="I${r}"><v>abc</v></c>`,
  (r) => `<c r="J${r}" t="d"><v>2025-01-01</v></c>`,
  (r) => `<c r="$K$${r}"><v>7</v></c>`,
  (r) => `<c r='L${r}' t='s'><v>4</v></c>`,
  (r) => `<c r="M${r}" t="n"><v>&#49;2</v></c>`,
  (r) => `<c r="N${r}" t="s"><v>0</v></c><!-- a note -->`,
  (r) => `<c r="O${r}"><v><![CDATA[5]]></v></c>`,
  (r) => `<c r="P${r}" t="str"><v>line\r\nbreak</v></c>`,
  (r) => `<c\n r="Q${r}"\tt="str" ><v>spaced</v ></c >`,
  (r) => `<x:c r="R${r}"><v>1</v></x:c>`,
  (r) => `<c r="AA${r}"><v>9</v></c>`,
];

describe('the sheet XML reader', () => {
  it("reads random sheets exactly as exceljs's WorksheetReader does, cut anywhere into chunks", async () => {
    const random = seededRandom(41);
    for (let trial = 0; trial < 600; trial++) {
      let rows = '';
      for (let row = 1; row <= 1 + Math.floor(random() * 5); row++) {
        const cells = Array.from({ length: Math.floor(random() * 6) }, () => CELLS[Math.floor(random() * CELLS.length)]!(row));
        rows += random() < 0.1 ? `<row r="${row}"/>` : `<row r="${row}" spans="1:5">${cells.join(random() < 0.2 ? '\n  ' : '')}</row>`;
      }
      const xml = sheet(rows);
      const cuts = Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * xml.length)).sort((a, b) => a - b);
      expect(await ourRows(xml, cuts), `${JSON.stringify(xml)} cut at ${cuts}`).toEqual(await exceljsRows(xml, cuts));
    }
  });

  it('a formula with a cached 0 reads as empty, as exceljs reads it; a shared formula cell keeps its 0', async () => {
    const xml = sheet('<row r="1"><c r="A1"><f>B1-B1</f><v>0</v></c><c r="B1"><f t="shared" si="0"/><v>0</v></c><c r="C1"><f>1+1</f><v>2</v></c></row>');
    expect(await ourRows(xml)).toEqual([{ number: 1, cells: [null, 0, 2] }]);
    expect(await ourRows(xml)).toEqual(await exceljsRows(xml, []));
  });

  it('XML it cannot read the way exceljs does is refused, for exceljs to read', async () => {
    for (const xml of [
      `<!DOCTYPE w [<!ENTITY e "x">]>${sheet('<row r="1"><c r="A1"><v>&e;</v></c></row>')}`,
      sheet('<row r="1"><c r="A1"><v>&bogus;</v></c></row>'),
      sheet('<row r="1"><c r="A1"><v>1</w></c></row>'),
      sheet('<row r="1"><c><v>1</v></c></row>'),
      sheet('<row><c r="A1"><v>1</v></c></row>'),
      sheet('<row r="1"><c r="A1" t="s"t="b"><v>1</v></c></row>'),
    ]) {
      await expect(ourRows(xml), xml).rejects.toThrow(IrregularSheetError);
    }
  });

  it('every sheet of the real XLSX decks and the fixtures reads as with exceljs', async () => {
    const decks = sharedDecksDir;
    const files = [
      ...(decks === null ? [] : readdirSync(decks)).filter((name) => name.endsWith('.xlsx')).map((name) => join(decks!, name)),
      ...readdirSync(join(root, 'fixtures')).filter((name) => name.endsWith('.xlsx')).map((name) => join(root, 'fixtures', name)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(4);
    const options = { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' };
    // exceljs's streaming reader loses zip entries now and then (see workbook-in-reading-order.ts):
    // both readings go through the same reordering, and a reading that lost its workbook is read again.
    const readBook = async <T>(file: string, read: (book: InstanceType<typeof WorkbookReader>) => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        const book = new WorkbookReader((await workbookInReadingOrder(file)).input, options);
        try {
          const result = await read(book);
          if (book.model !== undefined || attempt === 4) return result;
        } catch (error) {
          if (!(error instanceof TypeError) || attempt === 4) throw error;
        }
      }
    };
    for (const file of files) {
      const theirs = await readBook(file, async (exceljsBook) => {
        const rows: Record<string, SheetRow[]> = {};
        for await (const worksheet of exceljsBook) {
          rows[worksheet.name] = [];
          for await (const row of worksheet) rows[worksheet.name]!.push({ number: row.number, cells: xlsxRowCells(row.values) });
        }
        return rows;
      });
      const ours = await readBook(file, async (ourBook) => {
        const rows: Record<string, SheetRow[]> = {};
        for await (const worksheet of ourBook) {
          rows[worksheet.name] = [];
          for await (const batch of sheetXmlRows(worksheet.iterator, ourBook.sharedStrings)) rows[worksheet.name]!.push(...batch);
        }
        return rows;
      });
      expect(Object.keys(ours), file).toEqual(Object.keys(theirs));
      for (const name of Object.keys(theirs)) expect(ours[name], `${file}, sheet ${name}`).toEqual(theirs[name]);
    }
  });

  it('a workbook whose zip holds the shared strings before the sheet and workbook.xml last reads, by its sheet name', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Rates');
    sheet.addRow(['Destination', 'Code', 'Rate']);
    sheet.addRow(['United Kingdom', 44, 0.0123]);
    const plain = join(work, 'plain-order.xlsx');
    await book.xlsx.writeFile(plain);
    const zip = await JSZip.loadAsync(readFileSync(plain));
    // Zip order is free; exceljs's own writer sometimes stores them so, and exceljs's reader then failed on `model.sheets`.
    const order = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/theme/theme1.xml', 'xl/styles.xml', 'docProps/app.xml', 'docProps/core.xml', 'xl/workbook.xml'];
    const reordered = new JSZip();
    for (const name of order) reordered.file(name, await zip.file(name)!.async('nodebuffer'));
    const path = join(work, 'strings-before-sheet.xlsx');
    writeFileSync(path, await reordered.generateAsync({ type: 'nodebuffer' }));
    const task = { kind: 'xlsx-sheet', sheet: 'Rates', header: { map: {}, header: true }, cells: { prepend: '', decimalComma: false, defaultIncrements: { initial: 60, subsequent: 60 } } } as const;
    const read = await readXlsxSheet({ ...task, path });
    expect(read.sheet).toBe('Rates');
    expect(read.slice.count).toBe(1);
  });

  it("a sheet the reader refuses is read by exceljs's own reader, to the same entries", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Rates');
    sheet.addRow(['Destination', 'Code', 'Rate']);
    sheet.addRow(['United Kingdom', 44, 0.0123]);
    sheet.addRow(['France', '33', '0.0456']);
    const plain = join(work, 'plain.xlsx');
    await book.xlsx.writeFile(plain);
    // A DOCTYPE is well-formed XML that exceljs reads; the sheet XML reader leaves it to exceljs.
    const zip = await JSZip.loadAsync(readFileSync(plain));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.replace('?>', '?><!DOCTYPE worksheet>'));
    const withDoctype = join(work, 'doctype.xlsx');
    writeFileSync(withDoctype, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(ourRows(xml.replace('?>', '?><!DOCTYPE worksheet>'))).rejects.toThrow(IrregularSheetError);

    const task = { kind: 'xlsx-sheet', sheet: null, header: { map: {}, header: true }, cells: { prepend: '', decimalComma: false, defaultIncrements: { initial: 60, subsequent: 60 } } } as const;
    const expected = await readXlsxSheet({ ...task, path: plain });
    const read = await readXlsxSheet({ ...task, path: withDoctype });
    expect(read.sheet).toBe('Rates');
    expect(read.slice.count).toBe(2);
    expect(read).toEqual(expected);
  });
});
