// The outcomes report as a spreadsheet: one row per title bought on request, with its
// turnaround, price and use, for the manager who wants to sort and sum it themselves.
import type { OutcomesReport } from '../outcomes.js';
import { attachment } from './attachment.js';
import { spreadsheet } from './buylist-csv.js';

const COLUMNS = [
  'title_id',
  'isbn13',
  'title',
  'requests',
  'requested_at',
  'available_at',
  'price',
  'currency',
  'fund',
  'loans_6m',
  'loans_12m',
] as const;

export function outcomesCsv(report: OutcomesReport): string {
  return spreadsheet(
    COLUMNS,
    report.titles.map((t) => [
      t.titleId,
      t.isbn13 ?? '',
      t.title ?? '',
      t.requests,
      t.requestedAt.slice(0, 10),
      t.availableAt.slice(0, 10),
      t.price?.amount.toFixed(2) ?? '',
      t.price?.currency ?? '',
      t.fund ?? '',
      // Empty, not 0, while the window is still open: not yet measured is not unused.
      t.loans6m ?? '',
      t.loans12m ?? '',
    ]),
  );
}

/** The spreadsheet as a download, named for its period: what the API and the reports page both send. */
export function outcomesDownload(report: OutcomesReport): { body: string; headers: Record<string, string> } {
  return {
    body: outcomesCsv(report),
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(`outcomes-${report.from ?? 'all'}-${report.to}.csv`),
    },
  };
}
