// Loan import: generated histories of 1,000,000 and 10,000,000 loans (from a catalogue of
// 500,000 holdings) through the real importer (streamed CSV, classification, batches with
// aggregates and checkpoints), beside raw better-sqlite3 writing the same rows and the same
// aggregates (the discipline cells, the editions, their loans by month and by class), already
// parsed, in one transaction: the floor. The larger import against the smaller says how the cost
// grows: the same rate and the same peak memory mean linear time and flat memory.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadClassificationData } from '../../dist/node/classification-data.js';
import { DEMO_DEPARTMENTS } from '../../dist/demo/library.js';
import { readDepartmentDisciplines, writeLoanHistory } from '../../dist/demo/generate-loans.js';
import { removeScratch, scratchFolder } from './scratch.js';
import type { Figure } from './table.js';

const run = promisify(execFile);
const CHILD = new URL('./import-child.ts', import.meta.url).pathname;

interface ChildResult {
  rows: number;
  seconds: number;
  maxRss: number;
}

async function child(mode: 'import' | 'reference', database: string, file: string): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, mode, database, file], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

export async function generateLoansFile(folder: string, rows: number, seed = 7): Promise<string> {
  const file = join(folder, `loans-${rows}.csv`);
  await writeLoanHistory(file, {
    seed,
    rows,
    titles: 500_000,
    years: 3,
    end: new Date('2026-10-31T23:59:59Z'),
    departments: await readDepartmentDisciplines(DEMO_DEPARTMENTS),
    classification: loadClassificationData(),
  });
  return file;
}

export async function benchImport(scale: number): Promise<Figure[]> {
  const folder = scratchFolder('import');
  const rows = Math.round(1_000_000 * scale);
  const small = await generateLoansFile(folder, rows);
  const large = await generateLoansFile(folder, rows * 10);

  const imported = await child('import', join(folder, 'import.sqlite'), small);
  const grown = await child('import', join(folder, 'import-large.sqlite'), large);
  const reference = await child('reference', join(folder, 'reference.sqlite'), large);
  removeScratch(folder);
  const label = (n: number) => `${n.toLocaleString('en-US')} loans`;
  return [
    {
      figure: `loan import rate (${label(rows * 10)})`,
      value: grown.rows / grown.seconds,
      unit: 'rows/s',
      reference: {
        label: 'floor: raw better-sqlite3 writing the same rows and aggregates, parsed, in one transaction',
        value: reference.rows / reference.seconds,
      },
      aim: { op: '>=', target: 0.6, on: 'ratio' },
      note: `import ${grown.seconds.toFixed(1)} s; reference ${reference.seconds.toFixed(1)} s`,
    },
    {
      figure: `loan import rate (${label(rows * 10)}) against ${label(rows)}`,
      value: grown.rows / grown.seconds,
      unit: 'rows/s',
      reference: { label: `the import of ${label(rows)}`, value: imported.rows / imported.seconds },
      aim: { op: '>=', target: 0.8, on: 'ratio' },
      note: `${grown.seconds.toFixed(1)} s: ten times the loans in ${(grown.seconds / imported.seconds).toFixed(1)} times the time`,
    },
    {
      figure: `loan import peak memory (${label(rows * 10)})`,
      value: grown.maxRss / 2 ** 20,
      unit: 'MiB',
      reference: { label: `the import of ${label(rows)}`, value: imported.maxRss / 2 ** 20 },
      aim: { op: '<=', target: 1.5, on: 'ratio' },
    },
  ];
}
