// Call numbers as libraries export them, and the discipline each one counts toward.
//
// Demand scoring counts loans and holdings by discipline, but a loan carries only the item's
// call number: "QA76.73.J38 S53 2019" from an academic library's LC shelves, "CD 782.42166
// C6606So" from a public library's Dewey shelves, "TP312.8/123" from a Chinese library's CLC
// (中图法) shelves. We read the class number out of the call number, decide which scheme it
// is in, and look it up in the reference data shipped in db/classification/. Fiction, feature
// films and local shelf marks have no class number; they say so rather than being counted
// toward a discipline by accident.
//
// Some strings in a call-number field are not call numbers: LC's "IN PROCESS" in 050 while a
// book is catalogued, an ILS's "ON ORDER" on an item not yet received, "-" on Evergreen's
// precataloged items. They are in one list (PLACEHOLDERS), count toward nothing, and an
// importer stores no call number for them (realCallNumber).
//
// Which scheme, when the string alone cannot tell:
// 1. The hint, when the importer knows the column (MARC 050 is LCC, 082 is DDC, CNMARC 690 is
//    CLC), the record names its scheme (084 $2 "clc", Koha's 952 $2 "ddc", 852's first
//    indicator), or the library says which scheme its shelves are in (CLASSIFICATION_SCHEME),
//    is tried first; if the call number makes no sense in that scheme, the rules below decide.
//    So "F124" is LC's F (American history) to a library that says nothing, and CLC's F124
//    (the Chinese economy) to one that says CLC. A record that says its call number is in no
//    scheme we read (Koha's "z", 852's "shelved separately", SuDoc, UDC) gives hint 'other': a
//    local shelf mark such as "STORE 123" is then not read as Dewey 123.
// 2. A number first ("005.133", "823", "346.7304/8") is Dewey; so is a Dewey-shaped number
//    (three digits before the point) after a public library's shelf mark ("CD 782.42166",
//    "DVD 914.0456", "J 909.8"). LCC exports that split the class letters from the number
//    ("E 184.5", "Q 325.5") read the same way, so an LCC column must say so with the hint.
// 3. Letters then digits are LCC or CLC. Letters only one scheme has decide it (QA, ML, PZ are
//    LCC; I, O, X, TB, TU are CLC). So does syntax: a book number after "/", auxiliary tables
//    ("=76", "(075)", "-43") or a second point ("D922.291.91") are CLC; a Cutter number
//    (".J38", " B34", "M8") or a four-digit class number are LCC.
// 4. Otherwise ("K825", "TP312", "TP312.8") it is LCC where an LCC range covers the number,
//    else CLC: K825 is LC law, while TP312 falls in a gap of LC's chemical technology (the
//    LC outline has nothing between TP301 and TP315) and is CLC programming languages. A
//    Chinese library's export therefore wants hint 'clc': a bare "TP391.41" would otherwise
//    read as LC food processing.
// Whichever scheme comes first, the next is tried when the first maps the number nowhere.
import { z } from 'zod';
import { type Locale, toLocale } from './locale.js';

export const SCHEMES = ['lcc', 'ddc', 'clc'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** What an importer knows of a call number's scheme: one we read, or 'other': none we read. */
export type SchemeHint = Scheme | 'other';

/** The faculties disciplines are grouped into for reports. */
export const BROADS = ['humanities', 'social-sciences', 'science', 'engineering', 'health', 'arts', 'general'] as const;

export interface Discipline {
  code: string;
  names: { en: string; 'zh-Hans': string; 'zh-Hant': string };
  broad: (typeof BROADS)[number];
}

/** LCC class numbers `start` to `stop` of one subclass, inclusive; a stop covers its decimals. */
export interface LccRange {
  prefix: string;
  start: number;
  stop: number;
  discipline: string;
}

/** Dewey numbers `from` to `to`, inclusive; a bound covers every number that begins with it. */
export interface DdcRange {
  from: string;
  to: string;
  discipline: string;
}

/** A CLC class; a call number takes the longest class its class number begins with. */
export interface ClcClass {
  class: string;
  discipline: string;
}

export interface ClassificationData {
  disciplines: Discipline[];
  lcc: LccRange[];
  ddc: DdcRange[];
  clc: ClcClass[];
}

export type Unclassified = 'fiction' | 'unclassified' | 'empty' | 'placeholder' | 'unknown-class';

export type Classification =
  | { ok: true; scheme: Scheme; discipline: string; normalized: string }
  | { ok: false; reason: Unclassified; scheme: Scheme | null; normalized: string | null; message: string };

// ---------------------------------------------------------------------------------------------
// The reference data and its checks

const DEWEY_NUMBER = /^\d{3}(?:\.\d+)?$/;
const CLC_CLASS = /^[A-Z]{1,2}(?:\d+(?:\.\d+)*)?(?:-\d+)?$/;

const disciplineSchema = z.object({
  code: z.string().regex(/^[a-z]+(?:-[a-z]+)*$/, 'a discipline code is a kebab-case slug'),
  names: z.object({ en: z.string().min(1), 'zh-Hans': z.string().min(1), 'zh-Hant': z.string().min(1) }),
  broad: z.enum(BROADS),
});

const lccRangeSchema = z
  .object({
    prefix: z.string().regex(/^[A-Z]{1,3}$/, 'an LCC subclass is one to three capital letters'),
    start: z.number().nonnegative(),
    stop: z.number().nonnegative(),
    discipline: z.string(),
  })
  .refine((r) => isInterval(String(r.start), String(r.stop)), { message: 'start is after stop', path: ['stop'] });

const ddcRangeSchema = z
  .object({
    from: z.string().regex(DEWEY_NUMBER, 'a Dewey number has three digits, then optional decimals'),
    to: z.string().regex(DEWEY_NUMBER, 'a Dewey number has three digits, then optional decimals'),
    discipline: z.string(),
  })
  .refine((r) => isInterval(r.from, r.to), { message: 'from is after to', path: ['to'] });

const clcClassSchema = z.object({
  class: z.string().regex(CLC_CLASS, 'a CLC class is one or two capital letters, then digits (TP312, TU-8)'),
  discipline: z.string(),
});

/**
 * The four reference files together: each well formed, every discipline they name defined,
 * no two ranges claiming the same number (a number must land in exactly one discipline, or
 * loans would be counted twice), no CLC class listed twice.
 */
export const classificationDataSchema = z
  .object({
    disciplines: z.array(disciplineSchema),
    lcc: z.array(lccRangeSchema),
    ddc: z.array(ddcRangeSchema),
    clc: z.array(clcClassSchema),
  })
  .superRefine((data, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const codes = new Set<string>();
    data.disciplines.forEach((d, i) => {
      if (codes.has(d.code)) problem(['disciplines', i, 'code'], `discipline ${d.code} is defined twice`);
      codes.add(d.code);
    });
    const checkReference = (file: 'lcc' | 'ddc' | 'clc', i: number, code: string) => {
      if (!codes.has(code)) problem([file, i, 'discipline'], `no discipline ${code} in disciplines.json`);
    };
    data.lcc.forEach((r, i) => checkReference('lcc', i, r.discipline));
    data.ddc.forEach((r, i) => checkReference('ddc', i, r.discipline));
    data.clc.forEach((c, i) => checkReference('clc', i, c.discipline));

    const lccByPrefix = new Map<string, { i: number; lo: number; hi: number }[]>();
    data.lcc.forEach((r, i) => {
      const list = lccByPrefix.get(r.prefix) ?? [];
      list.push({ i, ...interval(String(r.start), String(r.stop)) });
      lccByPrefix.set(r.prefix, list);
    });
    for (const [prefix, list] of lccByPrefix) {
      for (const [a, b] of overlaps(list)) {
        const [ra, rb] = [data.lcc[a]!, data.lcc[b]!];
        problem(['lcc', b], `${prefix}${rb.start}-${rb.stop} overlaps ${prefix}${ra.start}-${ra.stop}`);
      }
    }
    for (const [a, b] of overlaps(data.ddc.map((r, i) => ({ i, ...interval(r.from, r.to) })))) {
      const [ra, rb] = [data.ddc[a]!, data.ddc[b]!];
      problem(['ddc', b], `${rb.from}-${rb.to} overlaps ${ra.from}-${ra.to}`);
    }
    const classes = new Set<string>();
    data.clc.forEach((c, i) => {
      const key = clcKey(c.class);
      if (classes.has(key)) problem(['clc', i, 'class'], `class ${c.class} is listed twice`);
      classes.add(key);
    });
  });

/** A discipline's name in a locale (a BCP 47 tag is fine), English when that name is missing. */
export function disciplineName(data: ClassificationData, code: string, locale: Locale | string): string | null {
  const discipline = indexOf(data).disciplines.get(code);
  if (!discipline) return null;
  const ours = toLocale(locale) ?? 'en';
  return discipline.names[ours] || discipline.names.en;
}

// ---------------------------------------------------------------------------------------------
// Class numbers as exact decimals
//
// Ranges are compared as decimal numbers, exactly: scaled to integers (eight places is finer
// than any schedule goes), never as floats. A range's upper bound covers the numbers that
// begin with it, as schedules mean it: QA71-90 includes QA90.5, and Dewey 610-610.72 includes
// 610.728. So [from, to] is the half-open [from, to + one unit in to's last place).

const PLACES = 8;

function units(decimal: string): number {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return Number(whole) * 10 ** PLACES + Number(fraction.slice(0, PLACES).padEnd(PLACES, '0'));
}

function interval(from: string, to: string): { lo: number; hi: number } {
  const places = to.split('.')[1]?.length ?? 0;
  return { lo: units(from), hi: units(to) + 10 ** (PLACES - Math.min(places, PLACES)) };
}

function isInterval(from: string, to: string): boolean {
  const { lo, hi } = interval(from, to);
  return lo < hi;
}

/** Pairs of entries (by index) that claim a common number, the earlier-starting one first. */
function overlaps(list: { i: number; lo: number; hi: number }[]): [number, number][] {
  const sorted = [...list].sort((a, b) => a.lo - b.lo);
  const found: [number, number][] = [];
  let reach = sorted[0];
  for (const entry of sorted.slice(1)) {
    if (entry.lo < reach!.hi) found.push([reach!.i, entry.i]);
    if (entry.hi > reach!.hi) reach = entry;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The data, indexed once per data object: classify() runs for every loan of an import.

interface Span {
  lo: number;
  hi: number;
  discipline: string;
}

interface Index {
  disciplines: Map<string, Discipline>;
  lcc: Map<string, Span[]>;
  ddc: Span[];
  clc: Map<string, string>;
  /** every LCC subclass we know, PZ included */
  lccCodes: Set<string>;
  /** the CLC's class letters: A, B, ..., T, TB, TD, ..., Z */
  clcCodes: Set<string>;
}

const indexes = new WeakMap<ClassificationData, Index>();

function indexOf(data: ClassificationData): Index {
  const known = indexes.get(data);
  if (known) return known;
  const lcc = new Map<string, Span[]>();
  for (const r of data.lcc) {
    const list = lcc.get(r.prefix) ?? [];
    list.push({ ...interval(String(r.start), String(r.stop)), discipline: r.discipline });
    lcc.set(r.prefix, list);
  }
  const index: Index = {
    disciplines: new Map(data.disciplines.map((d) => [d.code, d])),
    lcc,
    ddc: data.ddc.map((r) => ({ ...interval(r.from, r.to), discipline: r.discipline })),
    clc: new Map(data.clc.map((c) => [clcKey(c.class), c.discipline])),
    lccCodes: new Set([...lcc.keys(), FICTION_LCC]),
    clcCodes: new Set(data.clc.map((c) => /^[A-Z]+/.exec(c.class)![0])),
  };
  indexes.set(data, index);
  return index;
}

function findSpan(spans: Span[] | undefined, value: number): string | null {
  for (const span of spans ?? []) if (span.lo <= value && value < span.hi) return span.discipline;
  return null;
}

// CLC classes nest by digits, with points only for readability: TP312.8 sits under TP312,
// TP31 and TP3. The first auxiliary number (-0 theory, -8 in TU-8 architecture as an art)
// stays part of the key, so a class such as TU-8 can be mapped on its own.
function clcKey(notation: string): string {
  return notation.replace(/\./g, '');
}

// ---------------------------------------------------------------------------------------------
// What is not a call number, and the names records give schemes

// What catalogues put where a call number will be: LC's CIP records carry "IN PROCESS" in
// 050, ILSs mark items on order or being catalogued, and Chinese systems write 待编 (to be
// catalogued) or 在编 (being catalogued). Compared whole, case and brackets aside.
const PLACEHOLDERS = new Set([
  'IN PROCESS',
  'IN PROCESSING',
  'ACQUISITION IN PROCESS',
  'ACQUISITIONS IN PROCESS',
  'CATALOGING IN PROCESS',
  'CATALOGUING IN PROCESS',
  'IN CATALOGING',
  'IN CATALOGUING',
  'ON ORDER',
  'ON-ORDER',
  'ORDERED',
  'NO CALL NUMBER',
  'CALL NUMBER PENDING',
  'TO BE CLASSIFIED',
  '待编',
  '在编',
  '订购中',
  '訂購中',
]);

function placeholderKey(text: string): string {
  return text.replace(/^[\s[(*<-]+|[\s\])*>.:;-]+$/g, '');
}

/**
 * A call number as a record gives it, trimmed; null when there is none: empty, nothing but
 * punctuation (Evergreen's "-" on precataloged items), or a placeholder ("IN PROCESS").
 */
export function realCallNumber(raw: string | null | undefined): string | null {
  const trimmed = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return null;
  return PLACEHOLDERS.has(placeholderKey(tidy(trimmed))) ? null : trimmed;
}

// MARC's classification source codes (084 $2, 852 $2 under first indicator 7, UNIMARC 686 $2)
// and Koha's class sources (952 $2: ddc, lcc, udc, sudocs, anscr, and z for "other/generic").
// A code may carry the edition ("ddc23", "clc5"). NLM's classes live in our LC data.
const SOURCE_CODES: [RegExp, SchemeHint][] = [
  [/^(?:lcc?|nlm)$/, 'lcc'],
  [/^(?:ddc|dewey)\d*$/, 'ddc'],
  [/^(?:clc|中图法)\d*$/, 'clc'],
  [/^(?:z|udc|sudocs?|anscr|local)$/, 'other'],
];

/**
 * The scheme a source code names, 'other' for the codes of schemes we do not read (so a local
 * mark is not taken for a class number), or null for a code we do not know (the library's
 * own default then applies).
 */
export function schemeOfSource(code: string | null | undefined): SchemeHint | null {
  const key = (code ?? '').trim().toLowerCase();
  for (const [pattern, scheme] of SOURCE_CODES) if (pattern.test(key)) return scheme;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Shelf marks in front of the class number

// LC's PZ holds fiction and juvenile belles lettres: no subject to count.
const FICTION_LCC = 'PZ';

type ShelfMark = 'fiction' | 'audience' | 'film' | 'media' | 'location' | 'biography' | 'language';

// What public libraries put before (or instead of) a Dewey number. Fiction is shelved by the
// author's name under a genre mark ("FIC HAWLEY 2016", "MYSTERY COTTERI 2016"); picture books,
// juvenile fiction and feature films by author or title under an audience or format mark
// ("E BEAN", "J ROWLING", "DVD HOBBIT"); nonfiction in the same collections keeps its Dewey
// number after the mark ("J 909.8", "DVD 914.0456", "CD 782.42166").
const SHELF_MARKS: Record<string, ShelfMark> = {
  FIC: 'fiction',
  FICTION: 'fiction',
  F: 'fiction',
  JF: 'fiction',
  MYSTERY: 'fiction',
  MYS: 'fiction',
  MYST: 'fiction',
  WESTERN: 'fiction',
  SF: 'fiction',
  'SCI-FI': 'fiction',
  SCIFI: 'fiction',
  ROMANCE: 'fiction',
  FANTASY: 'fiction',
  HORROR: 'fiction',
  THRILLER: 'fiction',
  SUSPENSE: 'fiction',
  E: 'audience',
  ER: 'audience',
  EASY: 'audience',
  JE: 'audience',
  'J/E': 'audience',
  J: 'audience',
  JUV: 'audience',
  JUVENILE: 'audience',
  YA: 'audience',
  TEEN: 'audience',
  DVD: 'film',
  VHS: 'film',
  VIDEO: 'film',
  BLURAY: 'film',
  'BLU-RAY': 'film',
  CD: 'media',
  CDROM: 'media',
  'CD-ROM': 'media',
  MP3: 'media',
  AUDIO: 'media',
  AUDIOBOOK: 'media',
  KIT: 'media',
  LP: 'location',
  REF: 'location',
  REFERENCE: 'location',
  OVERSIZE: 'location',
  OVERSIZED: 'location',
  FOLIO: 'location',
  Q: 'location',
  NEW: 'location',
  RESERVE: 'location',
  B: 'biography',
  BIO: 'biography',
  BIOG: 'biography',
  BIOGRAPHY: 'biography',
};

// The same marks glued to a Dewey number, as in "J909.8"; only read so when LC cannot.
const GLUED_MARK = /^(?:J|E|Q|JE|YA|REF)(?=\d{3}(?:[.\/]|$))/;

interface Shelf {
  marks: ShelfMark[];
  /** the tokens after the marks */
  rest: string[];
}

function readShelf(tokens: string[], lccCodes: Set<string>): Shelf {
  const marks: ShelfMark[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    let mark = SHELF_MARKS[token];
    // A language collection in front of a mark: "FRENCH DVD GRAND B", "SPANISH FIC GARCIA".
    // No class letters are four letters long, so this never swallows a class.
    if (
      !mark &&
      /^[A-Z]{4,}$/.test(token) &&
      next !== undefined &&
      SHELF_MARKS[next] &&
      SHELF_MARKS[next] !== 'biography'
    ) {
      mark = 'language';
    }
    if (!mark) break;
    // "F 1234", "B 105.5", "E 184 .A1", "CD 1015": LC class letters and their number, split by
    // a space as some exports do. Only a format or audience mark before a Dewey-shaped number
    // stays a mark ("CD 782.42166", "J 909.8").
    if (next !== undefined && /^\d/.test(next) && lccCodes.has(token)) {
      if (mark === 'fiction' || mark === 'biography' || !isDeweyToken(next)) break;
    }
    marks.push(mark);
    i++;
  }
  return { marks, rest: tokens.slice(i) };
}

// ---------------------------------------------------------------------------------------------
// Class numbers, one reading per scheme

interface LccReading {
  scheme: 'lcc';
  letters: string;
  number: string;
  normalized: string;
  /** a Cutter number or a four-digit class number: something CLC never writes */
  lccSyntax: boolean;
}

interface DdcReading {
  scheme: 'ddc';
  normalized: string;
  /** only glued to a shelf mark ("J909.8"), which LCC and CLC may read better */
  glued: boolean;
}

interface ClcReading {
  scheme: 'clc';
  key: string;
  normalized: string;
  /** a book number after "/", an auxiliary table or a second point: something LCC never writes */
  clcSyntax: boolean;
}

type Reading = LccReading | DdcReading | ClcReading;

// Subclass letters, the class number (up to four digits, then decimals), then the end, a
// space, a Cutter's point or a glued Cutter letter ("MT130M8"); never "/", "=", "-" or a
// point before digits, which are CLC ("K825.6=76" is not K825 with a Cutter).
const LCC_NUMBER = /^([A-Z]{1,3}) ?(\d{1,4}(?:\.\d+)?)(?=$|[ A-Z]|\.[ A-Z])(.*)$/;
const CUTTER = /^ ?\.? ?[A-Z]\d/;

function readLcc(text: string): LccReading | null {
  const m = LCC_NUMBER.exec(text);
  if (!m) return null;
  const [, letters = '', number = '', after = ''] = m;
  return {
    scheme: 'lcc',
    letters,
    number,
    normalized: `${letters}${number}`,
    lccSyntax: CUTTER.test(after) || /^\d{4}/.test(number),
  };
}

// MARC 082 marks where a number may be cut with a prime, written "/" ("346.7304/8").
function deweyNumber(token: string): string | null {
  const bare = token.replace(/\//g, '').replace(/[.,;]+$/, '');
  return DEWEY_NUMBER.test(bare) ? bare : null;
}

function isDeweyToken(token: string): boolean {
  return deweyNumber(token) !== null;
}

function readClc(token: string, whole: boolean, clcCodes: Set<string>): ClcReading | null {
  const slash = token.indexOf('/');
  const notation = slash === -1 ? token : token.slice(0, slash);
  const m = /^([A-Z]+)(\d+(?:\.\d+)*)?(-\d+)?(.*)$/.exec(notation);
  if (!m) return null;
  const [, letters = '', digits = '', auxiliary = '', tail = ''] = m;
  if (!clcCodes.has(letters)) return null;
  // A bare class letter is a class only when it is the whole call number ("Z", "TP/12").
  if (digits === '' && auxiliary === '' && (tail !== '' || !(whole || slash !== -1))) return null;
  return {
    scheme: 'clc',
    key: clcKey(`${letters}${digits}${auxiliary}`),
    normalized: notation,
    clcSyntax: slash !== -1 || auxiliary !== '' || /^[=("<:+]/.test(tail) || (digits.match(/\./g)?.length ?? 0) > 1,
  };
}

// NFKC folds the full-width letters and digits of Chinese input ("ＴＰ３１２") and odd spaces;
// old records separate the parts of a call number with apostrophes ("TD'899'M5'I584'1").
function tidy(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(/['’`]/g, ' ').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// classify()

/**
 * The discipline a call number counts toward, or why it counts toward none. `hint` is the
 * scheme the source column uses, when the importer knows it (MARC 050: lcc; 082: ddc), or the
 * library's own (CLASSIFICATION_SCHEME) when the column says nothing.
 */
export function classify(data: ClassificationData, callNumber: string, hint?: SchemeHint): Classification {
  const text = tidy(callNumber);
  if (!/[\p{L}\p{N}]/u.test(text)) return fail('empty', null, null, 'The call number is empty.');
  if (realCallNumber(text) === null) {
    const message = `"${text}" stands where a call number will be (the item is on order or being catalogued): it is not a call number.`;
    return fail('placeholder', null, text, message);
  }
  // Evergreen and others mark precataloged items and electronic resources with a leading "#".
  if (text.startsWith('#'))
    return fail('unclassified', null, text, 'A local number (it begins with "#"), not a class number.');
  if (hint === 'other') {
    const message =
      'The record says this call number is in no scheme we read (a local shelf mark, SuDoc, UDC): it counts toward no discipline.';
    return fail('unclassified', null, text, message);
  }

  const index = indexOf(data);
  const tokens = text.split(' ');
  const shelf = readShelf(tokens, index.lccCodes);
  if (shelf.marks.includes('fiction')) {
    return fail('fiction', null, text, 'Fiction, shelved by author: it counts toward no discipline.');
  }
  const head = shelf.rest[0];
  if (shelf.marks.length > 0 && (head === undefined || !/\d/.test(head))) {
    if (shelf.marks.includes('audience') || shelf.marks.includes('film')) {
      const message =
        'A picture book, juvenile fiction or feature film, shelved by author or title: it counts toward no discipline.';
      return fail('fiction', null, text, message);
    }
    return noClassNumber(text, shelf);
  }

  const readings = readAll(text, tokens, shelf, index, hint);
  const order = schemeOrder(readings, index, hint);
  for (const reading of order) {
    if (reading.scheme === 'lcc' && reading.letters === FICTION_LCC) {
      const message = 'LC class PZ holds fiction and juvenile belles lettres: it counts toward no discipline.';
      return fail('fiction', 'lcc', reading.normalized, message);
    }
    const discipline = lookup(reading, index);
    if (discipline) return { ok: true, scheme: reading.scheme, discipline, normalized: reading.normalized };
  }
  const first = order[0];
  if (first) return fail('unknown-class', first.scheme, first.normalized, unknownMessage(first, index));
  return noClassNumber(text, shelf);
}

interface Readings {
  lcc: LccReading | null;
  ddc: DdcReading | null;
  clc: ClcReading | null;
}

function readAll(text: string, tokens: string[], shelf: Shelf, index: Index, hint: Scheme | undefined): Readings {
  const afterMarks = shelf.rest.join(' ');
  const head = shelf.rest[0] ?? '';
  const biography = shelf.marks.includes('biography');
  // LC class letters may themselves look like a mark ("CD 1015", "E 185.86"); the whole
  // string is read first, then what follows the marks ("REF QA76.73", "DVD PN1997").
  const lcc = readLcc(text) ?? (biography ? null : readLcc(afterMarks));
  const clc =
    readClc(tokens[0]!, tokens.length === 1, index.clcCodes) ??
    (biography || shelf.marks.length === 0 ? null : readClc(head, shelf.rest.length === 1, index.clcCodes));

  let ddc: DdcReading | null = null;
  const dewey = deweyNumber(head);
  if (dewey) ddc = { scheme: 'ddc', normalized: dewey, glued: false };
  else if (GLUED_MARK.test(head)) {
    const unglued = deweyNumber(head.replace(GLUED_MARK, ''));
    if (unglued) ddc = { scheme: 'ddc', normalized: unglued, glued: true };
  }
  // A Dewey column may carry any local words in front ("SPL 641.5", "LOCAL HIST 979.7").
  if (!ddc && hint === 'ddc') {
    const first = tokens.findIndex((t) => !/^[A-Z\/-]+$/.test(t));
    const unglued = first === -1 ? null : deweyNumber(tokens[first]!.replace(GLUED_MARK, ''));
    if (unglued) ddc = { scheme: 'ddc', normalized: unglued, glued: false };
  }
  return { lcc, ddc, clc };
}

function schemeOrder(readings: Readings, index: Index, hint: Scheme | undefined): Reading[] {
  const { lcc, ddc, clc } = readings;
  let lettered: Reading[];
  if (lcc && clc) {
    if (clc.clcSyntax) lettered = [clc, lcc];
    else if (lcc.lccSyntax || lookup(lcc, index)) lettered = [lcc, clc];
    else lettered = [clc, lcc];
  } else {
    lettered = [lcc, clc].filter((r): r is LccReading | ClcReading => r !== null);
  }
  let order: Reading[];
  if (ddc && !ddc.glued) order = [ddc, ...lettered];
  else if (ddc) order = [...lettered, ddc];
  else order = lettered;
  const hinted = order.find((r) => r.scheme === hint);
  return hinted ? [hinted, ...order.filter((r) => r !== hinted)] : order;
}

function lookup(reading: Reading, index: Index): string | null {
  switch (reading.scheme) {
    case 'lcc':
      return findSpan(index.lcc.get(reading.letters), units(reading.number));
    case 'ddc':
      return findSpan(index.ddc, units(reading.normalized));
    case 'clc':
      for (let end = reading.key.length; end > 0; end--) {
        const discipline = index.clc.get(reading.key.slice(0, end));
        if (discipline) return discipline;
      }
      return null;
  }
}

function unknownMessage(reading: Reading, index: Index): string {
  switch (reading.scheme) {
    case 'lcc':
      return index.lcc.has(reading.letters)
        ? `LC class ${reading.normalized} is outside the ranges mapped to disciplines.`
        : `LC subclass ${reading.letters} is not in the outline we map (${reading.normalized}).`;
    case 'ddc':
      return `Dewey number ${reading.normalized} is not mapped to a discipline.`;
    case 'clc':
      return `CLC class ${reading.normalized} is not mapped to a discipline.`;
  }
}

function noClassNumber(text: string, shelf: Shelf): Classification {
  if (shelf.marks.includes('biography')) {
    return fail(
      'unclassified',
      null,
      text,
      'A biography shelved under its subject\'s name ("B"), with no class number.',
    );
  }
  if (/^\d{4,}/.test(text)) {
    const message =
      'A number without class letters: too long for a Dewey number (three digits before the point), and an LC number needs its letters.';
    return fail('unclassified', null, text, message);
  }
  return fail('unclassified', null, text, 'No class number: a local shelf mark or a title, not a classification.');
}

function fail(reason: Unclassified, scheme: Scheme | null, normalized: string | null, message: string): Classification {
  return { ok: false, reason, scheme, normalized, message };
}
