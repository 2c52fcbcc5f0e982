#!/usr/bin/env node
// Deterministic generator of large 检查对象名录库 files for the import benchmark.
//
//   node bench/gen.mjs                 # registry-1048575.xlsx and registry-1000000.csv
//   node bench/gen.mjs --rows 20000    # registry-20000.xlsx and registry-20000.csv
//   node bench/gen.mjs --only xlsx     # just one of the two
//   node bench/gen.mjs --force         # regenerate even when an up-to-date file exists
//
// Files go to bench/out/ (gitignored). Each file has a sidecar <file>.json recording the
// parameters it was made with (format, rows, seed, a hash of this script); a file is reused
// when its sidecar matches, so the slow full-size generation runs once per generator version.
// No Math.random: every value comes from a seeded mulberry32 stream or a fixed permutation
// of the row number, so the same parameters always give the same rows.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';

const HERE = dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = join(HERE, 'out');
export const EXCEL_MAX_DATA_ROWS = 1048575; // 1,048,576 rows minus the header
export const DEFAULT_ROWS = { xlsx: EXCEL_MAX_DATA_ROWS, csv: 1000000 };
export const DEFAULT_SEED = 20260101;
// Any edit to this script changes the hash, so stale files are never reused.
const GEN_HASH = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);

export const HEADERS = ['序号', '市场主体名称', '统一社会信用代码', '法定代表人', '联络人', '联系电话',
  '监管责任股室', '行业类别', '所在乡镇', '信用风险分类', '经营状态'];

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny seeded 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fixed bijection of [0, n): an invertible mix on the enclosing power of two (odd multiplies
 * and xor-shifts are invertible mod 2^bits), cycle-walked until the result falls below n.
 * Distinct inputs give distinct outputs, which is what makes names and codes unique.
 */
function permutation(n, key) {
  const bits = Math.max(2, Math.ceil(Math.log2(n)));
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const half = bits >>> 1;
  const k1 = (key * 2 + 1) >>> 0;
  const k2 = (Math.imul(key, 0x9e3779b1) | 1) >>> 0;
  const mix = (x) => {
    x = Math.imul(x, k1) & mask;
    x ^= x >>> half;
    x = Math.imul(x, k2) & mask;
    x ^= x >>> (half + 1);
    x = (x + key) & mask;
    return x >>> 0;
  };
  return (i) => {
    let x = mix(i);
    while (x >= n) x = mix(x);
    return x;
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const COUNTY = '清河县';
const TOWNS = ['城关镇', '东山镇', '西河镇', '南岭镇', '北塘镇', '青石镇', '白沙镇', '黄田乡', '龙泉镇', '桃花乡',
  '石门镇', '新田镇', '长乐乡', '太平镇', '清水乡', '马坪乡', '金鸡镇', '双河镇', '高桥镇', '永兴街道', '城南街道', '城北街道'];
const TOWN_OFFICES = TOWNS.map((t) => t.replace(/(镇|乡|街道)$/, '') + '市场监督管理所');
// 行业类别, the words used in names of that category, and the 股室 responsible for it.
const CATEGORIES = [
  { name: '食品销售', words: ['商贸', '超市', '食品', '副食'], section: '食品流通监管股' },
  { name: '餐饮服务', words: ['餐饮', '酒店', '饭店', '小吃'], section: '餐饮服务监管股' },
  { name: '药品零售', words: ['大药房', '药店', '医药', '药品'], section: '药品医疗器械监管股' },
  { name: '特种设备使用单位', words: ['机械', '建材', '物流', '电梯'], section: '特种设备安全监察股' },
  { name: '工业产品生产', words: ['塑料制品', '电子', '纺织', '五金'], section: '产品质量监管股' },
  { name: '成品油经营', words: ['石油', '能源', '加油站', '燃气'], section: '合同与市场规范股' },
];
const WORDS = CATEGORIES.flatMap((c, ci) => c.words.map((w) => ({ word: w, category: ci })));
// Forms; the first three are companies (credit code 91…), the rest 个体工商户 (92…).
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '经营部', '商行', '门市部'];
const TRADE_CHARS = ('鑫达华兴盛隆泰丰源顺发昌恒瑞祥和通宏鼎新福康宁安佳美嘉益富强金银德信诚正国中天海' +
  '云山川汇联众合创远博成兆荣辉腾飞亿万千百永久长青春晨阳光明星月利民惠乐俊豪锦绣龙凤鹏程旺广宇辰').split('');
const SURNAMES = ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任' +
  '沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤').split('');
const GIVEN = ('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉斌鹏宇浩凯婷雪琳晶欣' +
  '海波峰飞俊杰雯倩丹蕾鑫彬龙亮春梅金凤云翠玲燕莉琴荣贵福生宏德成林松柏').split('');
const MOBILE_PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152',
  '153', '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183',
  '184', '185', '186', '187', '188', '189', '191', '198', '199'];
const REGION_CODE = '431122'; // 登记管理机关行政区划码 of the (fictional) county

// GB 32100-2015 统一社会信用代码
const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CC_CHARS.indexOf(first17[i]) * CC_WEIGHTS[i];
  const c = 31 - (sum % 31);
  return CC_CHARS[c === 31 ? 0 : c];
}
export function isValidCreditCode(code) {
  return typeof code === 'string' && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && creditCheckChar(code) === code[17];
}
// GB 11714-1997 组织机构代码 check character over 8 body digits (positions 9–17 of the credit code).
const OC_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
function orgCheckChar(body8) {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (body8.charCodeAt(i) - 48) * OC_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

// ---------------------------------------------------------------------------------------------
// Rows

const NAME_SPACE = 2 * TRADE_CHARS.length * TRADE_CHARS.length * WORDS.length * FORMS.length;

/** Yields `rows` data rows (arrays in HEADERS order), the same sequence for the same seed. */
export function* registryRows(rows, seed = DEFAULT_SEED) {
  if (rows > NAME_SPACE) throw new Error(`at most ${NAME_SPACE} unique names`);
  const rnd = mulberry32(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const namePerm = permutation(NAME_SPACE, seed ^ 0x5bd1e995);
  const codePerm = permutation(100000000, seed ^ 0x27d4eb2f);
  const person = () => pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.7 ? pick(GIVEN) : '');
  const T = TRADE_CHARS.length;
  for (let i = 0; i < rows; i++) {
    // 市场主体名称: the row's permuted number read in mixed radix, hence unique.
    let j = namePerm(i);
    const form = j % FORMS.length; j = Math.floor(j / FORMS.length);
    const w = WORDS[j % WORDS.length]; j = Math.floor(j / WORDS.length);
    const c1 = TRADE_CHARS[j % T]; j = Math.floor(j / T);
    const c2 = TRADE_CHARS[j % T]; j = Math.floor(j / T);
    const withCounty = j % 2 === 1;
    const town = Math.floor(rnd() * TOWNS.length);
    const name = (withCounty ? COUNTY : TOWNS[town]) + c1 + c2 + w.word + FORMS[form];
    // 统一社会信用代码: 9 + 1/2 + 行政区划码 + 8 unique digits + GB 11714 check + GB 32100 check.
    const body = String(codePerm(i)).padStart(8, '0');
    const first17 = '9' + (form < 3 ? '1' : '2') + REGION_CODE + body + orgCheckChar(body);
    const creditCode = first17 + creditCheckChar(first17);
    const legalRep = person();
    const contact = rnd() < 0.6 ? legalRep : person();
    const phone = Number(pick(MOBILE_PREFIXES) + String(Math.floor(rnd() * 1e8)).padStart(8, '0'));
    const category = CATEGORIES[w.category];
    const section = rnd() < 0.75 ? TOWN_OFFICES[town] : category.section;
    const r = rnd();
    const risk = r < 0.35 ? 'A类' : r < 0.85 ? 'B类' : r < 0.97 ? 'C类' : 'D类';
    const s = rnd();
    const status = s < 0.95 ? '存续' : s < 0.975 ? '注销' : s < 0.99 ? '吊销' : '迁出';
    yield [i + 1, name, creditCode, legalRep, contact, phone, section, category.name, TOWNS[town], risk, status];
  }
}

// ---------------------------------------------------------------------------------------------
// Files

export function filePath(format, rows) {
  return join(OUT_DIR, `registry-${rows}.${format}`);
}

function sidecarKey(format, rows, seed) {
  return { format, rows, seed, generator: GEN_HASH };
}

/** The file if it exists and was made with these parameters, else null. */
export function upToDate(format, rows, seed = DEFAULT_SEED) {
  const file = filePath(format, rows);
  const side = `${file}.json`;
  if (!existsSync(file) || !existsSync(side)) return null;
  try {
    const meta = JSON.parse(readFileSync(side, 'utf8'));
    const want = sidecarKey(format, rows, seed);
    for (const k of Object.keys(want)) if (meta[k] !== want[k]) return null;
    if (meta.bytes !== statSync(file).size) return null;
    return file;
  } catch {
    return null;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

async function writeXlsx(file, rows, seed) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  wb.creator = '基准测试';
  const ws = wb.addWorksheet('Sheet1');
  const widths = [8, 40, 22, 10, 10, 14, 24, 16, 10, 12, 10];
  ws.columns = HEADERS.map((h, k) => ({ key: `c${k}`, width: widths[k], ...(h === '联系电话' ? { style: { numFmt: '0' } } : {}) }));
  const head = ws.addRow(HEADERS);
  head.font = { bold: true };
  head.commit();
  let n = 0;
  for (const row of registryRows(rows, seed)) {
    ws.addRow(row).commit();
    // Let the zip stream drain; otherwise the whole sheet would pile up in memory.
    if (++n % 2000 === 0) await tick();
    if (n % 200000 === 0) process.stderr.write(`  xlsx ${n}/${rows}\n`);
  }
  ws.commit();
  await wb.commit();
}

async function writeCsv(file, rows, seed) {
  const records = (function* () {
    yield HEADERS;
    yield* registryRows(rows, seed);
  })();
  await pipeline(Readable.from(records), stringify({ bom: true }), createWriteStream(file));
}

/** Makes (or reuses) the file for format/rows/seed; returns { file, reused, seconds }. */
export async function ensureFile(format, rows, seed = DEFAULT_SEED, { force = false } = {}) {
  const existing = !force && upToDate(format, rows, seed);
  if (existing) return { file: existing, reused: true, seconds: 0 };
  mkdirSync(OUT_DIR, { recursive: true });
  const file = filePath(format, rows);
  const tmp = `${file}.partial`;
  rmSync(`${file}.json`, { force: true });
  const t0 = performance.now();
  if (format === 'xlsx') await writeXlsx(tmp, rows, seed);
  else if (format === 'csv') await writeCsv(tmp, rows, seed);
  else throw new Error(`unknown format ${format}`);
  renameSync(tmp, file);
  const seconds = (performance.now() - t0) / 1000;
  const meta = { ...sidecarKey(format, rows, seed), bytes: statSync(file).size, seconds: +seconds.toFixed(1), created: new Date().toISOString() };
  writeFileSync(`${file}.json`, JSON.stringify(meta, null, 2) + '\n');
  return { file, reused: false, seconds };
}

// ---------------------------------------------------------------------------------------------
// CLI

export function parseArgs(argv) {
  const opts = { rows: null, only: null, seed: DEFAULT_SEED, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--rows') opts.rows = Number(val());
    else if (a === '--only') opts.only = val();
    else if (a === '--seed') opts.seed = Number(val());
    else if (a === '--force') opts.force = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (opts.rows !== null && !(Number.isInteger(opts.rows) && opts.rows > 0)) throw new Error('--rows must be a positive integer');
  if (opts.rows !== null && opts.rows > EXCEL_MAX_DATA_ROWS && opts.only !== 'csv') {
    throw new Error(`--rows: an xlsx sheet holds at most ${EXCEL_MAX_DATA_ROWS} data rows`);
  }
  if (!Number.isInteger(opts.seed)) throw new Error('--seed must be an integer');
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`gen.mjs: ${e.message}`);
    return 2;
  }
  const formats = opts.only ? [opts.only] : ['xlsx', 'csv'];
  for (const format of formats) {
    if (!(format in DEFAULT_ROWS)) {
      console.error(`gen.mjs: --only must be xlsx or csv`);
      return 2;
    }
    const rows = opts.rows ?? DEFAULT_ROWS[format];
    const r = await ensureFile(format, rows, opts.seed, { force: opts.force });
    const mb = (statSync(r.file).size / 1048576).toFixed(1);
    console.log(r.reused ? `reused    ${r.file} (${mb} MB)` : `generated ${r.file} (${mb} MB) in ${r.seconds.toFixed(1)} s`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
