// The buy list as a spreadsheet: UTF-8 with a byte-order mark and CRLF line ends, so Excel
// opens it with Chinese titles intact (without the mark it guesses the legacy code page), and
// nothing a patron typed can run as a formula.
import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../domain/locale.js';
import { titleName } from '../../domain/title-name.js';
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
  'quantity',
  'currency',
  'running_total',
  'within_budget',
  'flags',
  'status',
  'title_id',
  'fund',
] as const;

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first) is
 * kept as text with a leading apostrophe, as OWASP advises: a patron's "title" of
 * =HYPERLINK(...) must not become a live link, or worse, on a selector's machine.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function buyListCsv(list: BuyList, locale: Locale): string {
  const rows = list.items.map((item) => [
    item.rank,
    item.isbn13 ?? '',
    [titleName(item, locale), item.subtitle].filter(Boolean).join(': '),
    item.author ?? '',
    item.publisher ?? '',
    item.year ?? '',
    item.disciplineName ?? '',
    item.requesters,
    item.score ?? '',
    item.reason,
    item.price ?? '',
    item.quantity,
    item.currency,
    item.runningTotal.toFixed(2),
    item.withinBudget === null ? '' : item.withinBudget ? 'yes' : 'no',
    item.flags.join(' '),
    item.status,
    item.titleId,
    item.fund ?? '',
  ]);
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? spreadsheetSafe(cell) : cell)));
  return `\uFEFF${stringify([[...COLUMNS], ...safe], { record_delimiter: '\r\n' })}`;
}
