// ISBNs as patrons type them and as catalogues store them.
//
// A MARC 020 $a is rarely a bare ISBN: "0596007590 (pbk.)", "0440487331pbk.",
// "(0373197527pbk.) :", " 9780387685748". Patrons paste "ISBN 978-0-13-235088-4" or drop a
// leading zero the way spreadsheets do. We pull the candidate out of the surrounding text,
// let isbn3 validate it against the ISBN agency's ranges, and keep ISBN-13 as the one form
// stored, so the ISBN-10 and ISBN-13 of one book meet on the same title.
import ISBN from 'isbn3';
import calculateCheckDigit from 'isbn3/lib/calculate_check_digit.js';

export type IsbnParse =
  | { ok: true; isbn13: string; isbn10: string | null; hyphenated: string; source: string }
  | { ok: false; reason: IsbnProblem; message: string; candidates: string[]; source: string };

export type IsbnProblem = 'empty' | 'not-an-isbn' | 'checksum' | 'not-isbn-ean';

// A run of digits (with the hyphens and spaces publishers print) ending in a digit or the
// ISBN-10 check character X. Letters around it ("pbk.", "ISBN") are left outside the match.
const CANDIDATE = /\d[\dXx\s-]*[\dXx]/g;

/** Every ISBN-looking run of characters in a string, normalized to digits (and X). */
export function isbnCandidates(raw: string): string[] {
  const found: string[] = [];
  for (const match of raw.matchAll(CANDIDATE)) {
    const compact = match[0].replace(/[\s-]/g, '').toUpperCase();
    if (compact.length >= 9 && compact.length <= 13) found.push(compact);
  }
  return found;
}

/**
 * Parse what a patron or a catalogue gives as an ISBN. Returns the ISBN-13 when the string
 * holds a valid ISBN; otherwise the reason in words a patron understands, with the likely
 * intended ISBNs when isbn3's audit (or a lost leading zero) points at one.
 */
export function parseIsbn(raw: string): IsbnParse {
  const source = raw;
  const candidates = isbnCandidates(raw);
  if (raw.trim() === '') {
    return { ok: false, reason: 'empty', message: 'The ISBN is empty.', candidates: [], source };
  }
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: 'not-an-isbn',
      message: 'This does not look like an ISBN: an ISBN has 10 or 13 digits (the last of 10 may be X).',
      candidates: [],
      source,
    };
  }
  for (const candidate of candidates) {
    const parsed = validIsbn(candidate);
    if (parsed) return { ok: true, ...parsed, source };
  }
  return explainInvalid(candidates[0]!, source);
}

/** All valid ISBNs in a string, as ISBN-13, in order and without repeats. */
export function extractIsbn13s(raw: string): string[] {
  const out: string[] = [];
  for (const candidate of isbnCandidates(raw)) {
    const isbn13 = isbn13Of(candidate);
    if (isbn13 && !out.includes(isbn13)) out.push(isbn13);
  }
  return out;
}

// The check digit is what proves an ISBN. isbn3's table of agency ranges also hyphenates,
// but it is only as new as the installed package: a publisher range assigned since then
// would be refused if we required it, so an unknown range is accepted, unhyphenated.
function validIsbn(compact: string) {
  const isbn13 = isbn13Of(compact);
  if (!isbn13) return null;
  return { isbn13, isbn10: toIsbn10(isbn13), hyphenated: hyphenate(isbn13) };
}

/** An ISBN-13 as books print it, "978-0-13-235088-4"; unhyphenated when its range is unknown. */
export function hyphenate(isbn13: string): string {
  return ISBN.parse(isbn13)?.isbn13h ?? isbn13;
}

/** The ISBN-10 of a 978 ISBN-13; 979 ISBNs have none. */
export function toIsbn10(isbn13: string): string | null {
  return isbn13.startsWith('978') ? isbn13.slice(3, 12) + calculateCheckDigit(isbn13.slice(3, 12)) : null;
}

/** The ISBN-13 for a compact ISBN-10 or ISBN-13 whose check digit is right; else null. */
function isbn13Of(compact: string): string | null {
  if (compact.length === 10 && /^\d{9}[\dX]$/.test(compact) && checkDigitMatches(compact)) {
    const body = `978${compact.slice(0, 9)}`;
    return body + calculateCheckDigit(body);
  }
  if (compact.length === 13 && /^97[89]\d{10}$/.test(compact) && checkDigitMatches(compact)) return compact;
  return null;
}

/** The ISBN-13 of the first valid ISBN in a string, or null: the quick check importers use per row. */
export function toIsbn13(raw: string): string | null {
  for (const candidate of isbnCandidates(raw)) {
    const isbn13 = isbn13Of(candidate);
    if (isbn13) return isbn13;
  }
  return null;
}

function explainInvalid(compact: string, source: string): IsbnParse {
  const fail = (reason: IsbnProblem, message: string, candidates: string[] = []) =>
    ({ ok: false, reason, message, candidates: unique(candidates), source }) as const;

  // Spreadsheets drop the leading zero of ISBN-10s such as 0823418073.
  if (compact.length === 9) {
    const padded = validIsbn(`0${compact}`);
    if (padded) {
      return fail('checksum', 'This ISBN has 9 digits; it probably lost a leading zero.', [padded.isbn13]);
    }
    return fail('not-an-isbn', 'An ISBN has 10 or 13 digits; this has 9.');
  }
  // An X before the end is not an ISBN: "089542262X295" looks like an ISBN-10 with a price
  // glued on. Propose the ISBN-10 rather than guess.
  if (/X./.test(compact)) {
    const head = validIsbn(compact.slice(0, compact.indexOf('X') + 1));
    return fail('not-an-isbn', 'Only the last character of an ISBN-10 may be X.', head ? [head.isbn13] : []);
  }
  if (compact.length !== 10 && compact.length !== 13) {
    return fail('not-an-isbn', `An ISBN has 10 or 13 digits; this has ${compact.length}.`);
  }
  if (compact.length === 13 && !/^97[89]/.test(compact)) {
    if (/^\d{13}$/.test(compact) && checkDigitMatches(compact)) {
      return fail('not-isbn-ean', 'This is a product barcode (EAN), not an ISBN: book ISBN-13s begin with 978 or 979.');
    }
    return fail('not-an-isbn', 'An ISBN-13 begins with 978 or 979.');
  }
  return fail('checksum', 'The check digit does not match: a digit may be mistyped.', likelyIntended(compact));
}

/**
 * The ISBNs a patron most likely meant when the check digit fails: the right check digit, then
 * every swap of two neighbouring digits that makes a valid ISBN (the commonest slip after a
 * wrong digit), then what isbn3's audit adds (a 978/979 mix-up; its audit finds no group for
 * an ISBN-10, so it never proposes the check digit of one). Only ISBNs in ranges the agency has
 * assigned are offered, so a guess is a real book's number; like every ISBN here, as ISBN-13.
 */
function likelyIntended(compact: string): string[] {
  const body = compact.slice(0, -1);
  const own = [assignedIsbn13(body + calculateCheckDigit(body))];
  for (let i = 0; i < compact.length - 1; i++) {
    if (compact[i] === compact[i + 1]) continue;
    own.push(assignedIsbn13(compact.slice(0, i) + compact[i + 1] + compact[i] + compact.slice(i + 2)));
  }
  return unique([...own.filter((isbn13) => isbn13 !== null), ...auditClues(compact)]);
}

/** The ISBN-13 of a compact ISBN whose check digit is right and whose range isbn3 knows. */
function assignedIsbn13(compact: string): string | null {
  const isbn13 = isbn13Of(compact);
  return isbn13 && ISBN.parse(isbn13) ? isbn13 : null;
}

interface AuditClue {
  message: string;
  candidate?: { isbn13?: string };
}

function auditClues(compact: string): string[] {
  try {
    const clues = ISBN.audit(compact).clues as unknown as AuditClue[];
    return clues.flatMap((clue) => (clue.candidate?.isbn13 ? [clue.candidate.isbn13] : []));
  } catch {
    // audit throws on lengths it does not handle; no clue is still an answer.
    return [];
  }
}

// isbn3 computes the check digit for us; a string whose last character differs has a typo.
function checkDigitMatches(compact: string): boolean {
  return calculateCheckDigit(compact.slice(0, -1)) === compact.slice(-1);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
