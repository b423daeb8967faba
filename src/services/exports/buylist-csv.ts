// The buy list as spreadsheets: the review sheet (every figure behind the ranking, with
// machine-readable columns) and the order sheet (what acquisitions orders: copies, fund,
// format, when it is needed and why, in the reader's language). UTF-8 with a byte-order mark
// and CRLF line ends, so Excel opens them with Chinese titles intact (without the mark it
// guesses the legacy code page), and nothing a patron typed can run as a formula.
import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../domain/locale.js';
import { titleName } from '../../domain/title-name.js';
import { statusName, type Workflow } from '../../domain/workflow.js';
import { type MessageKey, t } from '../../i18n/index.js';
import type { BuyList } from '../buylist.js';
import { type OrderContext, orderLines } from './order-lines.js';

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

/** A CSV as spreadsheets open it: the byte-order mark, CRLF, and no cell that runs as a formula. */
export function spreadsheet(header: readonly string[], rows: (string | number)[][]): string {
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? spreadsheetSafe(cell) : cell)));
  return `\uFEFF${stringify([[...header], ...safe], { record_delimiter: '\r\n' })}`;
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
  return spreadsheet(COLUMNS, rows);
}

const ORDER_COLUMNS = [
  'sheet.isbn',
  'sheet.title',
  'sheet.author',
  'sheet.publisher',
  'sheet.year',
  'sheet.format',
  'sheet.quantity',
  'sheet.price',
  'sheet.currency',
  'sheet.total',
  'sheet.fund',
  'sheet.department',
  'sheet.needBy',
  'sheet.reasons',
  'sheet.status',
  'sheet.titleId',
] as const satisfies readonly MessageKey[];

/**
 * The order sheet: one row a title, the fund that pays (as in the order records), the copies
 * and their cost, the format asked for, the date needed by, the requesters' own reasons (those
 * the reader may see, `reasons` by title) and the status in the reader's words.
 */
export function orderSheetCsv(
  list: BuyList,
  context: OrderContext & { workflow: Workflow; reasons: ReadonlyMap<number, string[]> },
): string {
  const { locale } = context;
  const lines = orderLines(list, context);
  // The edition and series a requester named, beside the year, on a sheet where any did.
  const editions = lines.some(({ row }) => row.edition !== null || row.series !== null);
  const rows = lines.map(({ row, title, data }) => {
    const cells: (string | number)[] = [
      row.isbn13 ?? '',
      [title, row.subtitle].filter(Boolean).join(': '),
      row.author ?? '',
      row.publisher ?? '',
      row.year ?? '',
      t(locale, `ui.format.${row.format}`),
      row.quantity,
      data.price ?? '',
      row.currency,
      row.price === null ? '' : (row.price * row.quantity).toFixed(2),
      data.fund ?? '',
      row.department ?? '',
      row.needBy ?? '',
      (context.reasons.get(row.titleId) ?? []).join(' | '),
      statusName(context.workflow, row.status, locale),
      row.titleId,
    ];
    return editions ? withEditions(cells, [row.edition ?? '', row.series ?? '']) : cells;
  });
  const header = ORDER_COLUMNS.map((key) => t(locale, key));
  return spreadsheet(
    editions ? withEditions(header, [t(locale, 'sheet.edition'), t(locale, 'sheet.series')]) : header,
    rows,
  );
}

/** A row of the order sheet with the edition and series after the year. */
function withEditions<T>(cells: T[], editions: [T, T]): T[] {
  const after = ORDER_COLUMNS.indexOf('sheet.year') + 1;
  return [...cells.slice(0, after), ...editions, ...cells.slice(after)];
}
