// One row of a loan export, made into an anonymized loan or refused with a reason a systems
// librarian can act on. Only the mapped fields are ever read, so the borrower's identifiers in
// the row go nowhere.
import { controlCharacterIn } from './imported-text.js';
import { toIsbn13 } from './isbn.js';
import { yearOf } from './metadata.js';
import { overLimit } from './text-limits.js';
import { type EditionFacts, type EditionKeys, editionKeys, tidyCallNumber } from './title-evidence.js';

export interface Loan {
  source: string;
  /** the ILS's own id of the loan, if the export has one */
  loanKey: string | null;
  loanedAt: number;
  month: string;
  isbn13: string | null;
  callNumber: string | null;
  discipline: string | null;
  departmentCode: string | null;
  patronCategory: string | null;
  /** the edition lent, for title-level evidence; null when the row says too little to know it */
  edition: LoanEdition | null;
  /** LOAN_FLAGS: lent through ILL, from course reserve */
  flags: number;
}

export interface LoanEdition extends EditionKeys {
  /** the narrow class number of its call number (title-evidence.ts narrowClass) */
  classKey: string | null;
  published: number | null;
  /** copies the library holds of it, when the export says; else 0 */
  copies: number;
}

/** Where a loan was lent from, as the settings name shelving locations (ILL_LOCATIONS, RESERVE_LOCATIONS). */
export const LOAN_FLAGS = { ill: 1, reserve: 2 } as const;

export interface LoanFields {
  loan_id?: string | undefined;
  loaned_at?: string | undefined;
  isbn?: string | undefined;
  call_number?: string | undefined;
  department?: string | undefined;
  patron_category?: string | undefined;
  title?: string | undefined;
  author?: string | undefined;
  /** the year of publication ("2003", "c2003", "2003-2005": the first year is taken) */
  published?: string | undefined;
  /** the shelving location the copy was lent from ("Stacks", "Reserve Fall 3 hr", "Summit3 Long Loan") */
  location?: string | undefined;
  /** copies the library holds of the title */
  copies?: string | undefined;
  /** filled on a row that is no new loan: Evergreen's parent_circ (a renewal), Alma's in-house flag */
  renewal?: string | undefined;
  /** the transaction a row records, where an export holds more than loans (Koha's statistics) */
  type?: string | undefined;
  /** other classification columns, in the preset's order */
  classes?: { value: string; scheme: 'lcc' | 'ddc' | 'clc' }[];
}

export interface LoanContext {
  /** which system the ids belong to, so ids from two systems never collide (see loanSourceProblem) */
  source: string;
  now: Date;
  /** how to read 1/2/2017: month first (US exports) or day first; unset refuses slash dates */
  dateOrder?: 'mdy' | 'dmy' | undefined;
  categoryMap: ReadonlyMap<string, string>;
  discipline(callNumber: string, scheme?: 'lcc' | 'ddc' | 'clc'): string | null;
  /** the narrow class number of a call number (title-evidence.ts), when the importer gives one */
  classKey?(callNumber: string): string | null;
  /** parts of a location that mark it, lower case: ILL loans ("summit") and course reserves ("reserve") */
  illLocations?: readonly string[];
  reserveLocations?: readonly string[];
  /** editionKeys, unless the importer caches it: a title lent a hundred times is keyed once */
  editionKeys?(facts: EditionFacts): EditionKeys | null;
  /** the values of the type field that mean a new loan, in lower case; needed when rows have a type */
  newLoanTypes?: ReadonlySet<string>;
}

/** What a row records instead of a new loan: a renewal (or in-house use), or another transaction. */
export type NotANewLoan = { renewal: true } | { type: string };

export type LoanResult = { ok: true; loan: Loan } | { ok: false; reason: string } | { ok: false; notNew: NotANewLoan };

/**
 * A row of a loan export becomes a loan, or is refused with its reason, or is passed over
 * as no loan at all: a renewal is the loan it renews going on (Evergreen writes it as a new
 * circulation), and a return or a fine (Koha's statistics hold every transaction) lends
 * nothing. Counted as loans, they would make a title renewed all term look borrowed a dozen
 * times.
 */
export function toLoan(fields: LoanFields, ctx: LoanContext): LoanResult {
  const notNew = notANewLoan(fields, ctx.newLoanTypes);
  if (notNew) return { ok: false, notNew };
  const when = parseLoanDate(fields.loaned_at ?? '', ctx.dateOrder);
  if (!when.ok) return when;
  if (when.date.getTime() > ctx.now.getTime() + 86_400_000) {
    return { ok: false, reason: `loaned_at ${fields.loaned_at} is in the future` };
  }
  const rawIsbn = clean(fields.isbn);
  const isbn13 = rawIsbn ? toIsbn13(rawIsbn) : null;
  // Stored as compared everywhere (one case, single spaces): it names the edition lent.
  const rawCall = clean(fields.call_number);
  const callNumber = rawCall === null ? null : tidyCallNumber(rawCall);
  if (!isbn13 && !callNumber) {
    return {
      ok: false,
      reason: rawIsbn
        ? `isbn "${rawIsbn}" is not a valid ISBN and there is no call number`
        : 'neither an ISBN nor a call number',
    };
  }
  const category = clean(fields.patron_category);
  const department = clean(fields.department);
  const tooLong =
    (callNumber && overLimit('callNumber', callNumber, 'call_number')) ||
    (department && overLimit('department', department)) ||
    (category && overLimit('category', category, 'patron_category'));
  if (tooLong) return { ok: false, reason: tooLong };
  let discipline = callNumber ? ctx.discipline(callNumber) : null;
  for (const extra of fields.classes ?? []) {
    if (discipline) break;
    const value = clean(extra.value);
    if (value) discipline = ctx.discipline(value, extra.scheme);
  }
  const damaged = controlCharacterIn('department', department) ?? controlCharacterIn('patron_category', category);
  if (damaged) return { ok: false, reason: damaged };
  const title = described(fields.title);
  const author = described(fields.author);
  const location = clean(fields.location)?.toLowerCase() ?? '';
  const tooLongText = (title && overLimit('title', title)) || (author && overLimit('author', author));
  if (tooLongText) return { ok: false, reason: tooLongText };
  const published = yearOf(fields.published ?? null);
  const copies = Number.parseInt(clean(fields.copies) ?? '', 10);
  const keys = (ctx.editionKeys ?? editionKeys)({ isbn13, callNumber, title, author, published });
  // Named one by one: spreading the keys into a new object was most of this function's time
  // and most of a loan import's garbage.
  const edition: LoanEdition | null = keys
    ? {
        edition: keys.edition,
        work: keys.work,
        shelf: keys.shelf,
        title: keys.title,
        author: keys.author,
        classKey: callNumber && ctx.classKey ? ctx.classKey(callNumber) : null,
        published,
        copies: Number.isFinite(copies) && copies > 0 && copies < 100_000 ? copies : 0,
      }
    : null;
  const marked = (patterns: readonly string[] | undefined) =>
    location !== '' && (patterns ?? []).some((p) => location.includes(p));
  const flags =
    (marked(ctx.illLocations) ? LOAN_FLAGS.ill : 0) | (marked(ctx.reserveLocations) ? LOAN_FLAGS.reserve : 0);
  const loanId = clean(fields.loan_id);
  return {
    ok: true,
    loan: {
      source: ctx.source,
      loanKey: loanId,
      loanedAt: when.date.getTime(),
      month: monthOf(when.date),
      isbn13,
      callNumber,
      discipline,
      departmentCode: department,
      patronCategory: category ? (ctx.categoryMap.get(category) ?? category.toLowerCase()) : null,
      edition,
      flags,
    },
  };
}

// What a flag column holds where it is not set: empty, a false, or a NULL as SQL clients write it.
const UNSET = new Set(['', '0', 'n', 'no', 'f', 'false', 'null', '\\n']);

function notANewLoan(fields: LoanFields, newLoanTypes: ReadonlySet<string> | undefined): NotANewLoan | null {
  if (fields.renewal !== undefined && !UNSET.has(fields.renewal.trim().toLowerCase())) return { renewal: true };
  if (fields.type !== undefined && newLoanTypes && !newLoanTypes.has(fields.type.trim().toLowerCase())) {
    return { type: fields.type.trim() };
  }
  return null;
}

/** A title or author, or null where the export wrote none (R writes NA, SQL clients NULL). */
function described(value: string | undefined): string | null {
  const text = clean(value);
  return text === null || /^(?:NA|N\/A|NULL)$/i.test(text) ? null : text;
}

const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/**
 * Why `name` cannot name a source of loans, or null if it can. A source is the system that
 * issued the loan ids ("koha", "alma-main", "branch-2019"), written as a short name because
 * it is stored with every loan.
 */
export function loanSourceProblem(name: string): string | null {
  return SOURCE.test(name)
    ? null
    : `--source "${name.slice(0, 60)}": a source is named with letters, digits, ".", "_" and "-" (at most 40, starting with a letter or digit)`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * ISO dates and date-times as ILSs write them ("2023-09-01", "2023-09-01 10:22:33",
 * "2014-05-14 08:39:13.070326-04"). A time without an offset is taken as UTC: an hour's
 * difference never moves a loan to another month except at midnight on the last day.
 */
export function parseLoanDate(
  raw: string,
  dateOrder?: 'mdy' | 'dmy',
): { ok: true; date: Date } | { ok: false; reason: string } {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'loaned_at is empty' };
  let parts = utcParts(text);
  let offset = 'Z';
  if (!parts) {
    const iso = ISO.exec(text);
    const slashed = iso ? null : SLASHED.exec(text);
    if (iso) {
      parts = iso.slice(1, 7).map((p) => Number(p ?? 0));
      if (iso[7]) offset = iso[7].length === 3 ? `${iso[7]}:00` : iso[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    } else if (slashed) {
      if (!dateOrder) {
        return {
          ok: false,
          reason: `loaned_at "${text}" could be month/day or day/month: say which with --dates mdy or --dates dmy`,
        };
      }
      const [a, b, year, hour, minute, second] = slashed.slice(1, 7).map((p) => Number(p ?? 0)) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      parts = dateOrder === 'mdy' ? [year, a, b, hour, minute, second] : [year, b, a, hour, minute, second];
    } else {
      return {
        ok: false,
        reason: `loaned_at "${text.slice(0, 40)}" is not a date (use YYYY-MM-DD or an ISO date-time)`,
      };
    }
  }
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  // Date.UTC would roll 2023-02-30 over to March; a loan date that does not exist is a broken row.
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `loaned_at "${text}" is not a real date` };
  }
  return {
    ok: true,
    date: new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes(offset) * 60_000),
  };
}

/**
 * The layout nearly every export writes ("2023-09-01", "2023-09-01 10:22:33",
 * "2023-09-01T10:22:33.909Z": no offset but Z), read by position into the parts ISO's groups
 * would give, or null for anything else, which the expressions read. A million loans' dates
 * went through the expression and its groups' strings.
 */
function utcParts(text: string): number[] | null {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  if (length === 10) return [year, month, day, 0, 0, 0];
  const separator = text.charCodeAt(10);
  if ((separator !== 0x54 && separator !== 0x20) || length < 19) return null;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return null;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (hour < 0 || minute < 0 || second < 0) return null;
  let at = 19;
  if (text.charCodeAt(at) === 0x2e) {
    const from = ++at;
    while (at < length && digitsAt(text, at, 1) >= 0) at++;
    if (at === from) return null;
  }
  if (text.charCodeAt(at) === 0x5a) at++;
  return at === length ? [year, month, day, hour, minute, second] : null;
}

/** The number the `count` digits at `from` write, or -1 if they are not all digits. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = text.charCodeAt(at) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** "Z", "+05:30", "-04:00" as minutes east of UTC. */
function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** "2023-09", as toISOString().slice(0, 7) writes it; building the whole ISO string for each
 *  of millions of loans showed in the import's profile. */
function monthOf(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return date.toISOString().slice(0, 7);
  const month = date.getUTCMonth() + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

function clean(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
