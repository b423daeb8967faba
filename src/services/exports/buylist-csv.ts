// The buy list as a spreadsheet: UTF-8 with a byte-order mark and CRLF line ends, so Excel
// opens it with Chinese titles intact (without the mark it guesses the legacy code page).
import { stringify } from 'csv-stringify/sync';
import type { BuyList } from '../buylist.js';

const COLUMNS = [
  'rank',
  'isbn13',
  'title',
  'author',
  'publisher',
  'year',
  'discipline',
  'requesters',
  'score',
  'reason',
  'price',
  'currency',
  'running_total',
  'within_budget',
  'flags',
  'status',
  'title_id',
] as const;

export function buyListCsv(list: BuyList): string {
  const rows = list.items.map((item) => [
    item.rank,
    item.isbn13 ?? '',
    [item.title, item.subtitle].filter(Boolean).join(': '),
    item.author ?? '',
    item.publisher ?? '',
    item.year ?? '',
    item.disciplineName ?? '',
    item.requesters,
    item.score ?? '',
    item.reason,
    item.price ?? '',
    item.currency,
    item.runningTotal.toFixed(2),
    item.withinBudget === null ? '' : item.withinBudget ? 'yes' : 'no',
    item.flags.join(' '),
    item.status,
    item.titleId,
  ]);
  return `\uFEFF${stringify([[...COLUMNS], ...rows], { record_delimiter: '\r\n' })}`;
}
