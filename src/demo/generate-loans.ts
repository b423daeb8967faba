// `r2b generate loans` and `r2b generate holdings`: write a synthetic library's loan history
// (generic preset CSV, with the borrower-identifier columns real exports carry) and the
// holdings of the same catalogue (holdings CSV), streamed to disk.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ClassificationData } from '../domain/classification.js';
import { csvDialect, csvRows } from '../services/imports/csv.js';
import { fileSource } from '../node/file-source.js';
import { generateLoanHistory, generateRequests, type HistoryPlan, modelLibrary } from './loan-generator.js';

export const LOAN_HEADER = 'loan_id,loaned_at,isbn,call_number,department,patron_category,patron_id,patron_barcode';

export interface GenerateOptions {
  seed: number;
  /** titles bought in the year before asOf, with the requests behind them */
  acquisitions?: { count: number; asOf: Date } | undefined;
  rows: number;
  titles: number;
  years: number;
  end: Date;
  departments: { code: string; disciplines: string[] }[];
  classification: ClassificationData;
  onProgress?: (written: number) => void;
}

export function planOf(options: GenerateOptions): HistoryPlan {
  const start = new Date(
    Date.UTC(options.end.getUTCFullYear() - options.years, options.end.getUTCMonth(), options.end.getUTCDate() + 1),
  );
  return { ...options, start };
}

export async function writeLoanHistory(path: string, options: GenerateOptions): Promise<number> {
  const out = createWriteStream(path);
  let buffer = `${LOAN_HEADER}\n`;
  let written = 0;
  for (const loan of generateLoanHistory(planOf(options))) {
    buffer += `${loan.loanId},${loan.loanedAt.toISOString()},${loan.isbn13},${loan.callNumber},${loan.department},${loan.category},${loan.patronId},${loan.patronBarcode}\n`;
    written++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
      options.onProgress?.(written);
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  options.onProgress?.(written);
  return written;
}

/** The holdings of the same catalogue the loans are drawn from: every title, with its items. */
export async function writeHoldings(path: string, options: GenerateOptions): Promise<number> {
  const { catalogue } = modelLibrary(options);
  const out = createWriteStream(path);
  let buffer = 'isbn,call_number,items\n';
  for (const title of catalogue) {
    buffer += `${title.isbn13},${title.callNumber},${title.items}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return catalogue.length;
}

/** code and disciplines of each department in a departments CSV (the import format). */
export async function readDepartmentDisciplines(path: string): Promise<{ code: string; disciplines: string[] }[]> {
  const out: { code: string; disciplines: string[] }[] = [];
  let header: string[] | null = null;
  const dialect = await csvDialect(fileSource(path));
  for await (const { record } of csvRows(createReadStream(path), dialect)) {
    if (!header) {
      header = record.map((h) => h.trim().toLowerCase());
      continue;
    }
    const code = record[header.indexOf('code')]?.trim();
    const disciplines = (record[header.indexOf('disciplines')] ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean);
    if (code) out.push({ code, disciplines });
  }
  return out;
}

export const REQUEST_HEADER = 'requested_at,patron_id,patron_category,department,isbn,format,status,decided_at';

/** The requests behind the titles bought during the history, in the `r2b import suggestions` layout. */
export async function writeRequests(path: string, options: GenerateOptions): Promise<number> {
  const requests = generateRequests(planOf(options));
  const lines = requests.map(
    (r) =>
      `${r.requestedAt.toISOString()},${r.patronId},${r.category},${r.department},${r.isbn13},print,available,${r.decidedAt.toISOString()}`,
  );
  const out = createWriteStream(path);
  out.end(`${REQUEST_HEADER}\n${lines.join('\n')}\n`);
  await once(out, 'finish');
  return requests.length;
}
