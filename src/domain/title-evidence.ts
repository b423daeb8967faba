// What the library's own history says about one title, before anyone has borrowed it. Measured
// on a real academic library's checkouts (Reed College, 2018-19; see docs/ranking.md's backtest),
// the broad discipline's loans said almost nothing about how much a new book would be used,
// while these did, each for few titles:
//
//   earlier editions   another edition of the same work circulated here: its loans per copy
//   borrowed by ILL    the title was borrowed from other libraries for patrons here
//   author on reserve  the author's other books were on course reserve
//   narrow class       loans per title in the title's own class number (QA276, not mathematics),
//                      against the library's loans per title: a tiebreaker
//
// Each is read from aggregates kept as loans are imported (loan_editions, edition_loans), under
// keys made here from what a loan export and a suggestion both have: a title, an author, an
// ISBN, a call number. The signals are pure functions of the counts: 0 without evidence.
import type { Scheme } from './classification.js';
import { authorSurname, normalizeTitle, titleAuthorWorkKey } from './work-key.js';

/** The keys one edition is known by in the history. */
export interface EditionKeys {
  /** this edition: its ISBN, else its call number, else title, author and year */
  edition: string;
  /** the work its editions share: main title and first author's surname ("ta:fourier analysis|stein") */
  work: string | null;
  /** the same work by shelf position when there is no title: LC or Dewey class and first Cutter */
  shelf: string | null;
  /** the main title alone: ILL records often have no author */
  title: string | null;
  /** the first author: surname and first initial ("stein e") */
  author: string | null;
}

export interface EditionFacts {
  isbn13?: string | null | undefined;
  callNumber?: string | null | undefined;
  title?: string | null | undefined;
  author?: string | null | undefined;
  published?: number | null | undefined;
}

export function editionKeys(facts: EditionFacts): EditionKeys | null {
  const title = facts.title ? normalizeTitle(facts.title) : '';
  const author = facts.author ? authorKey(facts.author) : null;
  const callNumber = facts.callNumber ? tidyCallNumber(facts.callNumber) : '';
  const edition = facts.isbn13
    ? `isbn:${facts.isbn13}`
    : callNumber
      ? `cn:${callNumber}`
      : title
        ? `ta:${title}|${author ?? ''}|${facts.published ?? ''}`
        : null;
  if (!edition) return null;
  return {
    edition,
    work: title ? titleAuthorWorkKey(title, facts.author) : null,
    shelf: callNumber ? shelfKey(callNumber) : null,
    title: title || null,
    author,
  };
}

/** "Stein, Elias M., 1931-2018." and "Elias M. Stein" are both "stein e"; "刘慈欣" stays whole. */
export function authorKey(author: string): string | null {
  const surname = authorSurname(author);
  if (!surname) return null;
  const first = (author.split(/;|\s&\s|\sand\s/)[0] ?? '').trim();
  const words = first.split(/\s+/);
  // "Surname, Forename, dates, relator." as catalogued, or "Forename Surname" as typed.
  const forename = first.includes(',') ? (first.split(',')[1] ?? '').trim() : words.length > 1 ? words[0]! : '';
  if (RELATOR.test(forename)) return surname;
  const initial = /\p{L}/u.exec(forename.normalize('NFKD'))?.[0]?.toLowerCase();
  return initial ? `${surname} ${initial}` : surname;
}

// What a catalogue appends to a name that is not a forename: "Aeschylus, author."
const RELATOR = /^(?:author|editor|ed|eds|translator|trans|compiler|illustrator|contributor)\.?$/i;

/** A call number as written anywhere, compared: one case, single spaces, full-width folded. */
export function tidyCallNumber(callNumber: string): string {
  return alreadyTidy(callNumber) ? callNumber : callNumber.normalize('NFKC').toUpperCase().replace(/\s+/g, ' ').trim();
}

/**
 * Printable ASCII without lower case, single spaces between words: what tidying leaves as it is
 * (NFKC changes no ASCII). Most call numbers are written so, and a loan import tidies each of
 * millions of them, three times over (the loan, its edition, its shelf).
 */
function alreadyTidy(text: string): boolean {
  const last = text.length - 1;
  for (let at = 0; at <= last; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x20) {
      if (at === 0 || at === last || text.charCodeAt(at - 1) === 0x20) return false;
    } else if (code < 0x21 || code > 0x7e || (code >= 0x61 && code <= 0x7a)) return false;
  }
  return true;
}

/**
 * Class and first Cutter, without the date or volume: "QA403.5 .S74 2003" and "QA403.5 .S74
 * 2011" are two editions of one work on the same shelf. Dewey's author marks likewise
 * ("515.2433 S819F"). Null when the call number has no Cutter to say whose book it is.
 */
export function shelfKey(callNumber: string): string | null {
  const text = tidyCallNumber(callNumber);
  const lc = /^([A-Z]{1,3}) ?(\d{1,4}(?:\.\d+)?) ?\.? ?([A-Z]\d+)/.exec(text);
  if (lc) return `lcc:${lc[1]}${lc[2]} ${lc[3]}`;
  const dewey = /^(\d{3}(?:\.\d+)?) ([A-Z]\d+)/.exec(text);
  return dewey ? `ddc:${dewey[1]} ${dewey[2]}` : null;
}

/**
 * The class number a title sits in, narrow enough to say something of one book: LC letters and
 * the whole number (QA276), Dewey to one decimal (519.5), CLC's letters and two digits (TP31,
 * computer software; F12, the Chinese economy).
 */
export function narrowClass(scheme: Scheme, normalized: string): string | null {
  if (scheme === 'lcc') {
    const m = /^([A-Z]{1,3})(\d{1,4})/.exec(normalized);
    return m ? `lcc:${m[1]}${m[2]}` : null;
  }
  if (scheme === 'ddc') {
    const m = /^(\d{3})(?:\.(\d))?/.exec(normalized);
    return m ? `ddc:${m[1]}${m[2] ? `.${m[2]}` : ''}` : null;
  }
  const m = /^([A-Z]+)((?:\d\.?){0,2})/.exec(normalized);
  return m ? `clc:${m[1]}${m[2]!.replace(/\./g, '')}` : null;
}

/** What the aggregates say of one title as of a month (see services/title-evidence.ts). */
export interface TitleEvidence {
  /** loans of the work's other editions held here, and their copies */
  editionLoans: number;
  editionCopies: number;
  /** loans of the title through inter-library loan, and ILL requests for it */
  illLoans: number;
  /** course-reserve loans of the author's other works */
  authorReserveLoans: number;
  /** the title's narrow class number is known, and its loans and titles before the month */
  inClass: boolean;
  classLoans: number;
  classTitles: number;
}

export const NO_EVIDENCE: TitleEvidence = {
  editionLoans: 0,
  editionCopies: 0,
  illLoans: 0,
  authorReserveLoans: 0,
  inClass: false,
  classLoans: 0,
  classTitles: 0,
};

/** Loans per copy of the other editions: the measure the earlier-editions component shows. */
export function editionLoansPerCopy(e: TitleEvidence): number | null {
  return e.editionLoans > 0 ? e.editionLoans / Math.max(1, e.editionCopies) : null;
}

/**
 * The class's loans per title against the library's: 2 is twice as borrowed as the usual title.
 * A class number nothing was lent from is as quiet as a class can be (0); an unknown one says
 * nothing (null).
 */
export function classUseRatio(e: TitleEvidence, libraryLoansPerTitle: number | null): number | null {
  if (!e.inClass || !libraryLoansPerTitle) return null;
  return e.classTitles === 0 ? 0 : e.classLoans / e.classTitles / libraryLoansPerTitle;
}

// The signals: log counts, clamped, so one very popular earlier edition or reserve list does
// not outweigh everything else. 0 means no evidence, never a penalty (except a quiet class).
export const editionsSignal = (loansPerCopy: number | null) =>
  loansPerCopy === null ? 0 : Math.min(3, Math.log2(1 + loansPerCopy));
export const illSignal = (loans: number) => Math.min(2, Math.log2(1 + loans));
export const reserveSignal = (loans: number) => Math.min(3, Math.log2(1 + loans) / 2);
export const narrowClassSignal = (ratio: number | null) =>
  ratio === null ? 0 : Math.max(-1, Math.min(1, Math.log2(Math.max(ratio, 1e-6))));
