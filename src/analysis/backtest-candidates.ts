// `r2b backtest --as-of DATE --candidates FILE`: would the score have told this library what
// to buy? FILE lists titles the library acquired on or after DATE (title, author, call number,
// year; optionally ISBN, requesters, course and enrolment). Each is scored with only what was
// known before DATE: the loans of earlier months, the holdings as imported. When the database
// also holds the loans that came after, each title's use from DATE + 30 days to --until is the
// truth, and the score is measured beside simple rankings (chance, the file's order, the
// requester count, the discipline's loans) and each component alone, with bootstrap intervals.
// Nothing here is fitted: the weights are the library's settings (SCORING_FILE).
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { bootstrapRankings, type MeasuredRanking, type Ranking } from '../domain/backtest.js';
import { classify } from '../domain/classification.js';
import { toIsbn13 } from '../domain/isbn.js';
import { yearOf } from '../domain/metadata.js';
import {
  COMPONENTS,
  type ComponentName,
  type Score,
  type ScoringContext,
  scoreTitle,
  type TitleFacts,
} from '../domain/scoring.js';
import { editionKeys, type EditionKeys, narrowClass, tidyCallNumber } from '../domain/title-evidence.js';
import { titleAuthorWorkKey } from '../domain/work-key.js';
import { columnsOf, csvDialect, csvRows, readableRows } from '../services/imports/csv.js';
import { ImportError, type ImportSource, type Rejection } from '../services/imports/import-run.js';
import { readContext } from '../services/scoring.js';
import { editionOfLoan, titleEvidence } from '../services/title-evidence.js';

export interface Candidate {
  /** its 1-based data line in the file */
  line: number;
  title: string | null;
  author: string | null;
  callNumber: string | null;
  published: number | null;
  isbn13: string | null;
  requesters: number;
  course: string | null;
  enrolment: number | null;
  discipline: string | null;
  classKey: string | null;
  keys: EditionKeys | null;
}

export interface CandidateBacktest {
  asOf: string;
  until: string | null;
  candidates: number;
  rejections: Rejection[];
  /** each candidate once, best first */
  ranking: { line: number; score: number; components: Score['components'] }[];
  /** how many candidates each piece of evidence says anything of */
  coverage: Partial<Record<ComponentName, number>>;
  /** loans of the candidates in the truth window; null when the database has none after DATE */
  truthLoans: number | null;
  /** candidates used at least once in the truth window */
  used: number | null;
  metrics: MeasuredRanking[] | null;
}

export interface CandidateBacktestOptions {
  asOf: Date;
  /** the end of the truth window; the day after the last loan when not given */
  until?: Date;
  k?: number;
  resamples?: number;
  seed?: number;
}

/** What a selector could act on before buying, ranked alone too: every component but the three a
 *  candidates file cannot hold (held, price, need-by). */
export const ABLATED: ComponentName[] = COMPONENTS.filter((c) => !['held', 'price', 'needBy'].includes(c));
const DAY = 86_400_000;
/** A new title's first month on the shelf is not yet its use: the truth starts 30 days after DATE. */
const SETTLING_DAYS = 30;

/** One as-of date's candidates, their facts as known before it, and (when known) their later use. */
export interface Period {
  asOf: Date;
  candidates: Candidate[];
  rejections: Rejection[];
  facts: TitleFacts[];
  context: ScoringContext;
  truth: { until: Date; loans: number[] } | null;
}

export async function loadPeriod(deps: Deps, source: ImportSource, options: CandidateBacktestOptions): Promise<Period> {
  const { candidates, rejections } = await readCandidates(deps, source);
  if (candidates.length === 0) {
    throw new ImportError(
      `${source.name} lists no candidate titles${rejections[0] ? `; line ${rejections[0].line}: ${rejections[0].reason}` : ''}.`,
    );
  }
  const asOfMonth = options.asOf.toISOString().slice(0, 7);
  const context = await readContext(deps, asOfMonth);
  const evidence = await titleEvidence(
    deps.db,
    candidates.map((c) => ({ id: c.line, keys: c.keys, classKey: c.classKey, isbn13: c.isbn13 })),
    asOfMonth,
  );
  const facts = candidates.map((c): TitleFacts => ({
    discipline: c.discipline,
    // The file says how many asked, not who: each counts as one requester of the plainest kind.
    requesters: c.requesters > 0 ? [{ category: 'undergraduate', department: null, count: c.requesters }] : [],
    heldItems: 0,
    price: null,
    needBy: null,
    now: options.asOf,
    // A course the file names counts as a request for a course: recommended reading for it.
    courses: c.course
      ? [
          {
            course: c.course,
            name: null,
            term: '',
            enrolment: c.enrolment,
            importance: 'recommended',
            source: 'request',
          },
        ]
      : [],
    ...(evidence.has(c.line) ? { evidence: evidence.get(c.line)! } : {}),
  }));
  return {
    asOf: options.asOf,
    candidates,
    rejections,
    facts,
    context,
    truth: await truthOf(deps, candidates, options),
  };
}

export async function backtestCandidates(
  deps: Deps,
  source: ImportSource,
  options: CandidateBacktestOptions,
): Promise<CandidateBacktest> {
  const period = await loadPeriod(deps, source, options);
  const { candidates, context, truth } = period;
  const scores = period.facts.map((f) => scoreTitle(f, context, deps.scoring));
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]!.total - scores[a]!.total || a - b);
  const coverage: Partial<Record<ComponentName, number>> = {};
  for (const name of ABLATED) {
    coverage[name] = scores.filter((s) => (s.components[name].value ?? 0) !== 0).length;
  }
  const report: CandidateBacktest = {
    asOf: options.asOf.toISOString().slice(0, 10),
    until: truth ? truth.until.toISOString().slice(0, 10) : null,
    candidates: candidates.length,
    rejections: period.rejections,
    ranking: order.map((i) => ({
      line: candidates[i]!.line,
      score: scores[i]!.total,
      components: scores[i]!.components,
    })),
    coverage,
    truthLoans: truth ? truth.loans.reduce((s, n) => s + n, 0) : null,
    used: truth ? truth.loans.filter((n) => n > 0).length : null,
    metrics: null,
  };
  if (!truth) return report;

  const rankings: { name: string; ranking: Ranking }[] = [
    { name: 'score', ranking: scores.map((s) => s.total) },
    { name: 'random', ranking: 'random' },
    { name: 'file order', ranking: candidates.map((c) => -c.line) },
    { name: 'requester count', ranking: candidates.map((c) => c.requesters) },
    {
      name: "discipline's loans",
      ranking: candidates.map((c) => (c.discipline ? (context.disciplines.get(c.discipline)?.decayed ?? 0) : 0)),
    },
    ...ABLATED.filter((name) => coverage[name]! > 0).map((name) => ({
      name: `${name} alone`,
      ranking: scores.map((s) => s.components[name].value ?? Number.NEGATIVE_INFINITY),
    })),
  ];
  report.metrics = bootstrapRankings(rankings, truth.loans, {
    k: options.k ?? 20,
    resamples: options.resamples ?? 1000,
    seed: options.seed ?? 1,
    reference: 'score',
  });
  return report;
}

/** The candidates file: one title a line, refused by line when nothing identifies it. */
async function readCandidates(
  deps: Deps,
  source: ImportSource,
): Promise<{ candidates: Candidate[]; rejections: Rejection[] }> {
  const dialect = await csvDialect(source);
  const candidates: Candidate[] = [];
  const rejections: Rejection[] = [];
  let columns: ReadonlyMap<string, number> | null = null;
  let line = 0;
  const refuse = (at: number, reason: string) => rejections.push({ line: at, reason });
  for await (const row of readableRows(csvRows(source.open(), dialect), refuse)) {
    if (!columns) {
      columns = columnsOf(row.record);
      if (!['title', 'isbn', 'call_number'].some((c) => columns!.has(c))) {
        throw new ImportError(
          `${source.name} needs a title, isbn or call_number column (with author and published beside them); its columns are ${row.record.join(', ')}.`,
        );
      }
      continue;
    }
    line++;
    if (row.undecodable) {
      refuse(row.line, row.undecodable);
      continue;
    }
    const field = (name: string) => {
      const at = columns!.get(name);
      const value = at === undefined ? '' : (row.record[at] ?? '').trim();
      return value === '' || /^(?:NA|N\/A|NULL)$/i.test(value) ? null : value;
    };
    const isbnText = field('isbn');
    const isbn13 = isbnText ? toIsbn13(isbnText) : null;
    const title = field('title');
    const callNumber = field('call_number');
    if (!title && !isbn13 && !callNumber) {
      refuse(
        row.line,
        isbnText
          ? `isbn "${isbnText}" is not a valid ISBN, and there is no title or call number`
          : 'no title, ISBN or call number',
      );
      continue;
    }
    const count = (name: string) => {
      const text = field(name);
      const n = text === null ? 0 : Number(text);
      return Number.isInteger(n) && n >= 0 && n <= 1_000_000 ? n : null;
    };
    const requesters = count('requesters');
    const enrolment = count('enrolment');
    if (requesters === null || enrolment === null) {
      refuse(row.line, 'requesters and enrolment are whole numbers');
      continue;
    }
    const classification = callNumber ? classify(deps.classification, callNumber) : null;
    const author = field('author');
    const published = yearOf(field('published'));
    candidates.push({
      line,
      title,
      author,
      callNumber,
      published,
      isbn13,
      requesters,
      course: field('course'),
      enrolment: enrolment || null,
      discipline: classification?.ok ? classification.discipline : null,
      classKey:
        classification?.scheme && classification.normalized
          ? narrowClass(classification.scheme, classification.normalized)
          : null,
      keys: editionKeys({ isbn13, callNumber, title, author, published }),
    });
  }
  return { candidates, rejections };
}

/**
 * Each candidate's loans from DATE + 30 days to the end of the window, matched by ISBN, else by
 * its exact call number, else by title and first author. Loans through ILL are other
 * libraries' copies, not the use of this one. Null when no loan is that recent.
 */
async function truthOf(
  deps: Deps,
  candidates: Candidate[],
  options: CandidateBacktestOptions,
): Promise<{ until: Date; loans: number[] } | null> {
  const from = options.asOf.getTime() + SETTLING_DAYS * DAY;
  const last = await deps.db.orm.get<{ at: number | null }>(sql`SELECT max(loaned_at) AS at FROM loans`);
  if (!last?.at || last.at < from) return null;
  const until = options.until ?? new Date(Math.floor(last.at / DAY) * DAY + DAY);
  const rows = await deps.db.orm.all<{
    isbn13: string | null;
    call_number: string | null;
    work_key: string | null;
    n: number;
  }>(sql`
    SELECT l.isbn13, l.call_number, e.work_key, count(*) AS n
    FROM loans l LEFT JOIN loan_editions e ON e.edition_key = ${editionOfLoan('l')}
    WHERE l.loaned_at >= ${from} AND l.loaned_at < ${until.getTime()} AND (l.flags & 1) = 0
    GROUP BY l.isbn13, l.call_number, e.work_key`);
  const tally = () => new Map<string, number>();
  const [byIsbn, byCall, byWork] = [tally(), tally(), tally()];
  const add = (map: Map<string, number>, key: string | null, n: number) => {
    if (key) map.set(key, (map.get(key) ?? 0) + n);
  };
  for (const r of rows) {
    add(byIsbn, r.isbn13, r.n);
    add(byCall, r.call_number ? tidyCallNumber(r.call_number) : null, r.n);
    add(byWork, r.work_key, r.n);
  }
  const loans = candidates.map(
    (c) =>
      (c.isbn13 ? byIsbn.get(c.isbn13) : undefined) ??
      (c.callNumber ? byCall.get(tidyCallNumber(c.callNumber)) : undefined) ??
      (c.title ? byWork.get(titleAuthorWorkKey(c.title, c.author)) : undefined) ??
      0,
  );
  return { until, loans };
}
