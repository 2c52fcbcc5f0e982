// Baseline: csv-parse alone, streaming every record of a UTF-8 (BOM) CSV file.
//   node bench/baseline-csv.mjs <file.csv>   → prints {"rows":…,"cells":…} on stdout
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/baseline-csv.mjs <file.csv>');
  process.exit(2);
}
let rows = 0;
let cells = 0;
for await (const rec of createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) {
  rows++;
  for (const v of rec) if (v !== '') cells++;
}
console.log(JSON.stringify({ rows, cells }));
