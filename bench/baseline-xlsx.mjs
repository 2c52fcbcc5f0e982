// Baseline: exceljs's streaming WorkbookReader alone, reading every row of an xlsx file.
// This is the floor for `ssj import` on xlsx when it reads through the same library.
//   node bench/baseline-xlsx.mjs <file.xlsx>   → prints {"rows":…,"cells":…} on stdout
import ExcelJS from 'exceljs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/baseline-xlsx.mjs <file.xlsx>');
  process.exit(2);
}
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
  sharedStrings: 'cache',
  styles: 'cache',
  worksheets: 'emit',
});
let rows = 0;
let cells = 0;
let sheets = 0;
for await (const ws of reader) {
  sheets++;
  for await (const row of ws) {
    rows++;
    // Touch every value, as an importer would.
    const v = row.values;
    for (let k = 1; k < v.length; k++) if (v[k] !== undefined && v[k] !== null) cells++;
  }
}
console.log(JSON.stringify({ sheets, rows, cells }));
