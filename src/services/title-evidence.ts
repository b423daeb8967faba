// What the library's history says of a set of titles as of a month, read from the aggregates
// the loan and ILL imports keep (loan_editions, edition_loans, ill_requests), four indexed
// reads however many titles: one per kind of evidence, each for all the titles' keys at once.
// Never the raw loans. The rules of each kind are in domain/title-evidence.ts.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { type EditionKeys, NO_EVIDENCE, type TitleEvidence } from '../domain/title-evidence.js';

/**
 * The edition a stored loan lent, as editionKeys (domain/title-evidence.ts) names it: its ISBN,
 * else its call number (stored tidied). Derived, not stored: a text key on every loan row would
 * cost more than the loan.
 */
export function editionOfLoan(table: string): SQL {
  const t = sql.raw(table);
  return sql`CASE WHEN ${t}.isbn13 IS NOT NULL THEN 'isbn:' || ${t}.isbn13 ELSE 'cn:' || ${t}.call_number END`;
}

export interface EvidenceSubject {
  id: number;
  keys: EditionKeys | null;
  /** its narrow class number, when known */
  classKey: string | null;
  isbn13: string | null;
}

const list = (values: (string | null | undefined)[]) =>
  JSON.stringify([...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))]);

/** Each subject's evidence, counting only loans and ILL requests of months before `asOfMonth`. */
export async function titleEvidence(
  db: Db,
  subjects: EvidenceSubject[],
  asOfMonth: string,
): Promise<Map<number, TitleEvidence>> {
  const out = new Map<number, TitleEvidence>();
  if (subjects.length === 0) return out;
  const works = list(subjects.map((s) => s.keys?.work));
  const shelves = list(subjects.map((s) => s.keys?.shelf));
  const titles = list(subjects.map((s) => s.keys?.title));
  const authors = list(subjects.map((s) => s.keys?.author));
  const classes = list(subjects.map((s) => s.classKey));
  const isbns = list(subjects.map((s) => s.isbn13));

  const [editions, illLoans, illAsked, reserves, classRows] = await Promise.all([
    // The work's editions lent here (ILL copies are other libraries'), with their copies. One
    // OR, which SQLite answers from both indexes with each edition's row read once; a union of
    // their keys read each row twice, once for its key and again by it.
    db.orm.all<{
      edition_key: string;
      work_key: string | null;
      shelf_key: string | null;
      copies: number;
      loans: number;
    }>(sql`
      SELECT e.edition_key, e.work_key, e.shelf_key, e.copies, sum(l.loans - l.ill_loans) AS loans
      FROM loan_editions e JOIN edition_loans l ON l.edition_key = e.edition_key
      WHERE (e.work_key IN (SELECT value FROM json_each(${works})) OR e.shelf_key IN (SELECT value FROM json_each(${shelves})))
        AND l.month < ${asOfMonth}
      GROUP BY e.edition_key HAVING sum(l.loans - l.ill_loans) > 0`),
    db.orm.all<{ edition_key: string; title_key: string; author_key: string | null; loans: number }>(sql`
      SELECT e.edition_key, e.title_key, e.author_key, sum(l.ill_loans) AS loans
      FROM loan_editions e JOIN edition_loans l ON l.edition_key = e.edition_key
      WHERE e.title_key IN (SELECT value FROM json_each(${titles})) AND l.month < ${asOfMonth} AND l.ill_loans > 0
      GROUP BY e.edition_key`),
    db.orm.all<{ title_key: string | null; author_key: string | null; isbn13: string | null; n: number }>(sql`
      SELECT title_key, author_key, isbn13, count(*) AS n FROM ill_requests
      WHERE id IN (SELECT id FROM ill_requests WHERE title_key IN (SELECT value FROM json_each(${titles}))
                   UNION SELECT id FROM ill_requests WHERE isbn13 IN (SELECT value FROM json_each(${isbns})))
        AND month < ${asOfMonth}
      GROUP BY title_key, author_key, isbn13`),
    db.orm.all<{ author_key: string; work_key: string | null; loans: number }>(sql`
      SELECT e.author_key, e.work_key, sum(l.reserve_loans) AS loans
      FROM loan_editions e JOIN edition_loans l ON l.edition_key = e.edition_key
      WHERE e.author_key IN (SELECT value FROM json_each(${authors})) AND l.month < ${asOfMonth} AND l.reserve_loans > 0
      GROUP BY e.author_key, e.work_key`),
    db.orm.all<{ class_key: string; titles: number; loans: number }>(sql`
      SELECT c.value AS class_key,
             (SELECT count(*) FROM loan_editions e WHERE e.class_key = c.value AND e.first_month < ${asOfMonth}) AS titles,
             (SELECT coalesce(sum(loans), 0) FROM class_loans k WHERE k.class_key = c.value AND k.month < ${asOfMonth}) AS loans
      FROM json_each(${classes}) c`),
  ]);
  const byClass = new Map(classRows.map((r) => [r.class_key, r]));
  // Each kind of row by the key a title looks it up by: one pass over the rows, not one per title.
  const group = <T>(rows: T[], key: (row: T) => string | null) => {
    const out = new Map<string, T[]>();
    for (const row of rows) {
      const k = key(row);
      if (k === null) continue;
      const list = out.get(k);
      if (list) list.push(row);
      else out.set(k, [row]);
    }
    return out;
  };
  const byWork = group(editions, (e) => e.work_key);
  const byShelf = group(editions, (e) => e.shelf_key);
  const illByTitle = group(illLoans, (r) => r.title_key);
  const askedByTitle = group(illAsked, (r) => r.title_key);
  const askedByIsbn = group(illAsked, (r) => r.isbn13);
  const reservesByAuthor = group(reserves, (r) => r.author_key);

  for (const subject of subjects) {
    const keys = subject.keys;
    if (!keys && !subject.classKey) continue;
    const evidence: TitleEvidence = { ...NO_EVIDENCE };
    const sameWork = new Set([
      ...(keys?.work ? (byWork.get(keys.work) ?? []) : []),
      ...(keys?.shelf ? (byShelf.get(keys.shelf) ?? []) : []),
    ]);
    for (const e of sameWork) {
      if (e.edition_key === keys?.edition) continue;
      evidence.editionLoans += e.loans;
      evidence.editionCopies += Math.max(1, e.copies);
    }
    // ILL records often carry no author: the title alone matches unless both name different authors.
    const sameAuthor = (author: string | null) => !author || !keys?.author || author === keys.author;
    const title = keys?.title ?? null;
    for (const r of title ? (illByTitle.get(title) ?? []) : [])
      if (sameAuthor(r.author_key)) evidence.illLoans += r.loans;
    const asked = new Set([
      ...(title ? (askedByTitle.get(title) ?? []).filter((r) => sameAuthor(r.author_key)) : []),
      ...(subject.isbn13 ? (askedByIsbn.get(subject.isbn13) ?? []) : []),
    ]);
    for (const r of asked) evidence.illLoans += r.n;
    for (const r of keys?.author ? (reservesByAuthor.get(keys.author) ?? []) : []) {
      if (r.work_key !== keys?.work) evidence.authorReserveLoans += r.loans;
    }
    if (subject.classKey) {
      const inClass = byClass.get(subject.classKey);
      evidence.inClass = true;
      evidence.classLoans = inClass?.loans ?? 0;
      evidence.classTitles = inClass?.titles ?? 0;
    }
    out.set(subject.id, evidence);
  }
  return out;
}

/** Loans per title lent, across the classes, before the month: a narrow class is read against it. */
export async function libraryLoansPerTitle(db: Db, asOfMonth: string): Promise<number | null> {
  const [loans, titles] = await Promise.all([
    db.orm.get<{ n: number | null }>(sql`SELECT sum(loans) AS n FROM class_loans WHERE month < ${asOfMonth}`),
    db.orm.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM loan_editions WHERE class_key IS NOT NULL AND first_month < ${asOfMonth}`,
    ),
  ]);
  return titles?.n && loans?.n ? loans.n / titles.n : null;
}
