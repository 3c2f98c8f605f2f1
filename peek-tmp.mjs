import ExcelJS from 'exceljs';
const file = process.argv[2];
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
for await (const ws of reader) {
  let n = 0, last;
  console.log('--- sheet', ws.name, ws.id, ws.state);
  for await (const row of ws) {
    n++;
    const vals = row.values.map(v => v && typeof v === 'object' ? JSON.stringify(v).slice(0,120) : v);
    if (n <= 28 || n % 20000 === 0) console.log(row.number, JSON.stringify(vals).slice(0, 400));
    last = row;
  }
  if (last) console.log('last', last.number, JSON.stringify(last.values).slice(0,300));
  console.log('rows', n);
}
