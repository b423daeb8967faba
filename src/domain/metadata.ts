// Bibliographic metadata as the service keeps it, whichever provider it came from, and the
// rule for combining several providers' answers into one record.
import { type ClassificationData, classify, type Scheme } from './classification.js';
import { narrowClass } from './title-evidence.js';

export interface Price {
  amount: number;
  currency: string;
}

export interface Metadata {
  title: string | null;
  subtitle: string | null;
  authors: string[];
  publisher: string | null;
  publishedYear: number | null;
  language: string | null;
  pageCount: number | null;
  /** LC call numbers or classes, as the provider gives them ("BQ9265.6 .T7313 1994") */
  lcc: string[];
  /** Dewey numbers ("294.3/927") */
  ddc: string[];
  subjects: string[];
  coverUrl: string | null;
  /** every ISBN-13 the provider knows for this edition */
  isbn13s: string[];
  /** the publisher's list price, when a provider sells it */
  listPrice: Price | null;
  /** the provider's page for the book */
  link: string | null;
  /** "2nd ed.": as staff give it (domain/title-edits.ts); no provider's answer is read for it */
  edition?: string | null;
}

export const EMPTY_METADATA: Metadata = {
  title: null,
  subtitle: null,
  authors: [],
  publisher: null,
  publishedYear: null,
  language: null,
  pageCount: null,
  lcc: [],
  ddc: [],
  subjects: [],
  coverUrl: null,
  isbn13s: [],
  listPrice: null,
  link: null,
};

export interface ProviderAnswer {
  provider: string;
  metadata: Metadata;
}

export type MergedMetadata = Metadata & {
  /** which provider each field came from, for staff wondering why a title reads as it does */
  sources: Partial<Record<keyof Metadata, string>>;
};

const SINGLE: (keyof Metadata)[] = [
  'title',
  'subtitle',
  'publisher',
  'publishedYear',
  'language',
  'pageCount',
  'coverUrl',
  'listPrice',
  'link',
];
const LISTS: (keyof Metadata)[] = ['authors', 'lcc', 'ddc'];

/**
 * Combine answers given in the library's order of providers (ENRICH_PROVIDERS): each field
 * comes from the first provider that has it, so a library that trusts its own catalogue
 * first gets its own title and classification; subjects and ISBNs are pooled from all, as
 * each provider knows some the others do not.
 */
export function mergeMetadata(answers: ProviderAnswer[]): MergedMetadata {
  const merged: MergedMetadata = { ...EMPTY_METADATA, sources: {} };
  const take = <K extends keyof Metadata>(field: K, provider: string, value: Metadata[K]) => {
    (merged as Metadata)[field] = value;
    merged.sources[field] = provider;
  };
  for (const { provider, metadata } of answers) {
    for (const field of SINGLE) {
      if (merged[field] === null && metadata[field] !== null && metadata[field] !== undefined)
        take(field, provider, metadata[field]);
    }
    for (const field of LISTS) {
      if ((merged[field] as string[]).length === 0 && (metadata[field] as string[]).length > 0)
        take(field, provider, metadata[field]);
    }
  }
  merged.subjects = unique(answers.flatMap((a) => a.metadata.subjects)).slice(0, 25);
  merged.isbn13s = unique(answers.flatMap((a) => a.metadata.isbn13s));
  return merged;
}

/** The discipline the book's own classification points at: LC first, then Dewey. */
export function disciplineOf(metadata: Pick<Metadata, 'lcc' | 'ddc'>, data: ClassificationData): string | null {
  for (const lcc of metadata.lcc) {
    const result = classify(data, lcc, 'lcc');
    if (result.ok) return result.discipline;
  }
  for (const ddc of metadata.ddc) {
    const result = classify(data, ddc, 'ddc');
    if (result.ok) return result.discipline;
  }
  return null;
}

/**
 * The narrow class number of the first LC or Dewey number that reads as one (title-evidence.ts
 * narrowClass), else of the library's own call number for it.
 */
export function classKeyOf(
  metadata: Pick<Metadata, 'lcc' | 'ddc'> | null,
  data: ClassificationData,
  callNumber?: string | null,
): string | null {
  const readings: [string, Scheme | undefined][] = [
    ...(metadata?.lcc ?? []).map((n): [string, Scheme] => [n, 'lcc']),
    ...(metadata?.ddc ?? []).map((n): [string, Scheme] => [n, 'ddc']),
    ...(callNumber ? [[callNumber, undefined] as [string, undefined]] : []),
  ];
  for (const [number, scheme] of readings) {
    const result = classify(data, number, scheme);
    const key = result.scheme && result.normalized ? narrowClass(result.scheme, result.normalized) : null;
    if (key) return key;
  }
  return null;
}

/** The year in dates as providers write them: "1994", "2020-11", "July 28, 2008", "c1999". */
export function yearOf(text: string | null | undefined): number | null {
  const match = /(?:^|\D)(1[5-9]\d\d|20\d\d)(?:\D|$)/.exec(text ?? '');
  return match ? Number(match[1]) : null;
}

// Currency signs and words catalogues write instead of an ISO 4217 code. A bare "$" or "¥"
// names no one currency (US or Canadian dollars; yuan or yen) and gives no price.
const CURRENCY_WORDS: [RegExp, string][] = [
  [/^RMB$|^元$|^￥$/, 'CNY'],
  [/^HK\$$/, 'HKD'],
  [/^NT\$$/, 'TWD'],
  [/^£$/, 'GBP'],
  [/^€$/, 'EUR'],
];

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * A price as catalogue records write it: "CNY68.00" (CNMARC 010 $d), "CNY赠90.00" (a gift, at
 * its price), "RMB45", "￥45.00", "45.00元", "USD 25.00", "25.00 EUR", "£12.99 (pbk.)".
 */
export function readPrice(text: string | null | undefined): Price | null {
  const match =
    /([A-Z]{3}(?![A-Za-z])|RMB|HK\$|NT\$|[￥£€])?[^\d]{0,3}?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*([A-Z]{3}\b|元)?/.exec(
      (text ?? '').normalize('NFC'),
    );
  if (!match) return null;
  const [, before, whole = '', fraction = '', after] = match;
  const word = before ?? after;
  if (!word) return null;
  const currency = CURRENCY_WORDS.find(([pattern]) => pattern.test(word))?.[1] ?? word;
  if (!CURRENCIES.has(currency)) return null;
  const amount = Number(`${whole.replace(/,/g, '')}${fraction}`);
  return amount > 0 ? { amount, currency } : null;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
