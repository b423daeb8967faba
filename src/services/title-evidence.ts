// What the library's history says of a set of titles as of a month, read from the aggregates
// the loan and ILL imports keep (loan_editions, edition_loans, ill_requests), four indexed
// reads however many titles: one per kind of evidence, each for all the titles' keys at once.
// Never the raw loans. The rules of each kind are in domain/title-evidence.ts.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { type EditionKeys, NO_EVIDENCE, type TitleEvidence } from '../domain/title-evidence.js';

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
    // The work's editions lent here (ILL copies are other libraries'), with their copies.
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
      WHERE (title_key IN (SELECT value FROM json_each(${titles})) OR isbn13 IN (SELECT value FROM json_each(${isbns})))
        AND month < ${asOfMonth}
      GROUP BY title_key, author_key, isbn13`),
    db.orm.all<{ author_key: string; work_key: string | null; loans: number }>(sql`
      SELECT e.author_key, e.work_key, sum(l.reserve_loans) AS loans
      FROM loan_editions e JOIN edition_loans l ON l.edition_key = e.edition_key
      WHERE e.author_key IN (SELECT value FROM json_each(${authors})) AND l.month < ${asOfMonth} AND l.reserve_loans > 0
      GROUP BY e.author_key, e.work_key`),
    db.orm.all<{ class_key: string; titles: number; loans: number }>(sql`
      SELECT e.class_key, count(DISTINCT e.edition_key) AS titles, sum(l.loans - l.ill_loans) AS loans
      FROM loan_editions e JOIN edition_loans l ON l.edition_key = e.edition_key
      WHERE e.class_key IN (SELECT value FROM json_each(${classes})) AND l.month < ${asOfMonth}
      GROUP BY e.class_key`),
  ]);
  const byClass = new Map(classRows.map((r) => [r.class_key, r]));

  for (const subject of subjects) {
    const keys = subject.keys;
    if (!keys && !subject.classKey) continue;
    const evidence: TitleEvidence = { ...NO_EVIDENCE };
    for (const e of editions) {
      const sameWork = (keys?.work && e.work_key === keys.work) || (keys?.shelf && e.shelf_key === keys.shelf);
      if (!sameWork || e.edition_key === keys?.edition) continue;
      evidence.editionLoans += e.loans;
      evidence.editionCopies += Math.max(1, e.copies);
    }
    // ILL records often carry no author: the title alone matches unless both name different authors.
    const sameTitle = (title: string | null, author: string | null) =>
      keys?.title !== null && title === keys?.title && (!author || !keys?.author || author === keys.author);
    for (const r of illLoans) if (sameTitle(r.title_key, r.author_key)) evidence.illLoans += r.loans;
    for (const r of illAsked) {
      if ((subject.isbn13 && r.isbn13 === subject.isbn13) || sameTitle(r.title_key, r.author_key)) {
        evidence.illLoans += r.n;
      }
    }
    for (const r of reserves) {
      if (keys?.author && r.author_key === keys.author && r.work_key !== keys.work)
        evidence.authorReserveLoans += r.loans;
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

/** Loans per title across the library before the month: the narrow class is read against it. */
export async function libraryLoansPerTitle(db: Db, asOfMonth: string): Promise<number | null> {
  const row = await db.orm.get<{ titles: number; loans: number | null }>(sql`
    SELECT count(DISTINCT edition_key) AS titles, sum(loans - ill_loans) AS loans FROM edition_loans WHERE month < ${asOfMonth}`);
  return row && row.titles > 0 && row.loans ? row.loans / row.titles : null;
}
