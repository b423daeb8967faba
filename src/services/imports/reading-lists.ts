// `r2b import readinglists`: courses' reading lists, as Leganto and Talis Aspire export them
// (reading-list-presets.ts), each listed book made demand. A book pools onto the title for its
// work, as a suggestion does (by ISBN, else title and first author), and the title records the
// course: its code, name, term, students, how firmly the list asks for the book, and the file.
// A title the library already holds gets its course too: that is how the selector learns a
// course needs more copies than are on the shelf, and the summary names those titles.
//
// A list names articles, chapters and web pages beside books; a row whose type says it is not
// a book is passed over. The same title, course and term listed again (another section, a
// later export) is one entry, kept up to date. Each batch is one atomic write with the file's
// checkpoint, so a killed import resumes, and the same file imported again does nothing.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import {
  courseCode,
  courseCodeProblem,
  courseTerm,
  courseTermProblem,
  type Importance,
  readImportance,
  recommendedCopies,
} from '../../domain/course.js';
import { controlCharacterIn } from '../../domain/imported-text.js';
import {
  columnKey,
  type ReadingListField,
  type ReadingListPreset,
  READING_LIST_PRESETS,
  readingListPreset,
  withReadingListOverrides,
} from '../../domain/reading-list-presets.js';
import { READING_LIST_STEP } from '../../domain/step-reason.js';
import { overLimit } from '../../domain/text-limits.js';
import { titleName } from '../../domain/title-name.js';
import { INITIAL_STATUS } from '../../domain/workflow.js';
import { enqueueStep } from '../../jobs/queue.js';
import { importedTitlesFirstEventStep } from '../status-changes.js';
import { coursesOf } from '../scoring.js';
import { identifyWork } from '../suggestions.js';
import type { CsvChoices } from './csv.js';
import { openCsvRun } from './csv-run.js';
import { ImportError, type ImportSource, type ImportSummary } from './import-run.js';

const BATCH = 1000;
/** The most students a reading list's course is taken to have: more is a typo, not a course. */
const MAX_LIST_ENROLMENT = 50_000;
/** An importance a list leaves out, or words that say none of the three. */
const UNMARKED: Importance = 'recommended';
/** Titles held with fewer copies than their courses call for, named one by one in the summary. */
const SHORT_NAMED = 10;

export interface ReadingListImportOptions extends CsvChoices {
  preset?: string;
  map?: string[];
}

interface Entry {
  line: number;
  workKey: string;
  isbn13: string | null;
  title: string | null;
  author: string | null;
  course: string;
  courseName: string | null;
  term: string;
  enrolment: number | null;
  importance: Importance;
}

export async function importReadingLists(
  deps: Deps,
  source: ImportSource,
  options: ReadingListImportOptions = {},
): Promise<ImportSummary> {
  const preset = resolvePreset(options.preset ?? 'generic', options.map ?? []);
  const run = await openCsvRun(deps, source, 'readinglists', options, (dialect) => ({
    preset: preset.name,
    columns: preset.columns,
    ...dialect,
  }));
  if (run.done) return run.done;

  let read: ((field: ReadingListField, record: string[]) => string) | null = null;
  let batch: Entry[] = [];
  let notBooks = 0;
  const unmarked = new Map<string, number>();
  const short = { named: [] as string[], more: 0 };
  const commit = async (complete: boolean) => {
    const entries = merged(batch);
    await runAtomic(deps.db, [
      ...entrySteps(deps, entries, source.name),
      run.checkpoint({ imported: batch.length }, complete),
    ]);
    await noteShortOfCopies(deps, entries, short);
    run.summary.imported += batch.length;
    batch = [];
  };

  const readHeader = (record: string[]) => {
    read = columnReader(preset, record);
  };
  for await (const { record, line } of run.rows(readHeader)) {
    const get = (field: ReadingListField) => read!(field, record);
    if (!isBook(get('type'))) notBooks++;
    else {
      const entry = toEntry(get, line, unmarked);
      if (typeof entry === 'string') run.reject(line, entry);
      else batch.push(entry);
    }
    if (batch.length + run.pendingRejections >= BATCH) await commit(false);
  }
  await commit(true);

  if (notBooks) {
    run.summary.warnings.push(
      `${notBooks.toLocaleString('en-US')} ${notBooks === 1 ? 'row is' : 'rows are'} not books (articles, journals, web pages, ...) and ${notBooks === 1 ? 'was' : 'were'} passed over`,
    );
  }
  if (unmarked.size) {
    const words = [...unmarked.keys()].slice(0, 3).map((w) => `"${w}"`);
    const rows = [...unmarked.values()].reduce((a, b) => a + b, 0);
    run.summary.warnings.push(
      `the importance of ${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'} (${words.join(', ')}${unmarked.size > 3 ? ', ...' : ''}) says none of essential, recommended or optional: read as ${UNMARKED}`,
    );
  }
  run.summary.warnings.push(...short.named);
  if (short.more) {
    run.summary.warnings.push(
      `and ${short.more.toLocaleString('en-US')} more held ${short.more === 1 ? 'title' : 'titles'} whose courses call for more copies than the library has`,
    );
  }
  return run.finish();
}

export function resolvePreset(name: string, map: string[]): ReadingListPreset {
  const preset = readingListPreset(name);
  if (!preset) {
    throw new ImportError(
      `There is no reading-list preset "${name}"; use one of ${Object.keys(READING_LIST_PRESETS).join(', ')}.`,
    );
  }
  const mapped = withReadingListOverrides(preset, map);
  if ('error' in mapped) throw new ImportError(mapped.error);
  return mapped;
}

/**
 * How to read a field from a row of this file: the columns of the preset's list that the header
 * has, the first filled in on the row winning. A file without a course code, or with neither
 * ISBN nor title, cannot be a reading list: it is refused at its header, naming what it has.
 */
function columnReader(
  preset: ReadingListPreset,
  header: string[],
): (field: ReadingListField, record: string[]) => string {
  const at = new Map<string, number>();
  header.forEach((name, i) => {
    if (!at.has(columnKey(name))) at.set(columnKey(name), i);
  });
  const found = new Map<ReadingListField, number[]>();
  for (const [field, names] of Object.entries(preset.columns) as [ReadingListField, string[]][]) {
    found.set(
      field,
      names.flatMap((name) => (at.has(columnKey(name)) ? [at.get(columnKey(name))!] : [])),
    );
  }
  const missing = (field: ReadingListField, what: string) => {
    const names = (preset.columns[field] ?? []).map((n) => `"${n}"`).join(' or ');
    return new ImportError(
      `The file has no column for ${what} (preset ${preset.name} looks for ${names}). Its columns are: ${header.join(', ')}. Use --map ${field}=COLUMN.`,
    );
  };
  if (!found.get('course_code')?.length) throw missing('course_code', 'the course code');
  if (!found.get('isbn')?.length && !found.get('title')?.length) throw missing('isbn', 'the ISBN or the title');
  return (field, record) => {
    for (const i of found.get(field) ?? []) {
      const value = (record[i] ?? '').trim();
      if (value !== '') return value;
    }
    return '';
  };
}

/** A row's type says it is a book (or a chapter of one), or says nothing. */
function isBook(type: string): boolean {
  return type === '' || /\b(e-?book|book|chapter|monograph|thesis|dissertation|bk|cr)\b/i.test(type);
}

function toEntry(
  get: (field: ReadingListField) => string,
  line: number,
  unmarked: Map<string, number>,
): Entry | string {
  const damaged =
    controlCharacterIn('course code', get('course_code')) ??
    controlCharacterIn('course name', get('course_name')) ??
    controlCharacterIn('term', get('term'));
  if (damaged) return damaged;
  const course = courseCode(get('course_code'));
  const badCourse = courseCodeProblem(course);
  if (badCourse) return badCourse;
  const year = get('year');
  const given = courseTerm(get('term'));
  const term = year && !given.includes(year) ? courseTerm(`${year} ${given}`) : given;
  const badTerm = term === '' ? null : courseTermProblem(term);
  if (badTerm) return badTerm;
  const tooLong =
    overLimit('isbn', get('isbn')) ??
    overLimit('title', get('title')) ??
    overLimit('author', get('author')) ??
    overLimit('courseName', get('course_name'), 'the course name');
  if (tooLong) return tooLong;
  const students = get('enrolment').replace(/[\s,]/g, '');
  if (students !== '' && !/^\d{1,6}$/.test(students)) {
    return `the enrolment "${get('enrolment')}" is not a number of students`;
  }
  if (Number(students) > MAX_LIST_ENROLMENT) {
    return `an enrolment of ${students} students is more than any course has (at most ${MAX_LIST_ENROLMENT.toLocaleString('en-US')})`;
  }
  let work: { workKey: string; isbn13: string | null };
  try {
    work = identifyWork({
      isbn: get('isbn') || undefined,
      title: get('title') || undefined,
      author: get('author') || undefined,
    });
  } catch (error) {
    return (error as Error).message.replace(/^\/\w+: /, '');
  }
  const words = get('importance');
  const importance = readImportance(words);
  if (importance === null && words !== '') unmarked.set(words, (unmarked.get(words) ?? 0) + 1);
  return {
    line,
    ...work,
    title: get('title') || null,
    author: get('author') || null,
    course,
    courseName: get('course_name') || null,
    term,
    enrolment: Number(students) || null,
    importance: importance ?? UNMARKED,
  };
}

const FIRMNESS: Record<Importance, number> = { essential: 3, recommended: 2, optional: 1 };

/** A title listed twice for one course and term (two sections of a list) is one entry: the firmer, the more students. */
function merged(entries: Entry[]): Entry[] {
  const kept = new Map<string, Entry>();
  for (const entry of entries) {
    const key = `${entry.workKey}\n${entry.course}\n${entry.term}`;
    const known = kept.get(key);
    if (!known) kept.set(key, { ...entry });
    else {
      if (FIRMNESS[entry.importance] > FIRMNESS[known.importance]) known.importance = entry.importance;
      known.enrolment = Math.max(known.enrolment ?? 0, entry.enrolment ?? 0) || null;
      known.courseName ??= entry.courseName;
    }
  }
  return [...kept.values()];
}

/**
 * A batch as one atomic write: the titles not yet wanted (new, awaiting a selector), the first
 * step of their history, each entry made or brought up to date, and the titles' enrichment and
 * scoring queued. A title's status is never changed by a list.
 */
function entrySteps(deps: Deps, entries: Entry[], file: string): SQL[] {
  if (entries.length === 0) return [];
  const now = deps.clock();
  const at = now.getTime();
  const rows = JSON.stringify(
    entries.map((e) => [
      e.workKey,
      e.isbn13,
      e.title,
      e.author,
      e.course,
      e.courseName,
      e.term,
      e.enrolment,
      e.importance,
    ]),
  );
  const touched = sql`SELECT DISTINCT CAST(t.id AS TEXT) AS subject FROM json_each(${rows}) j JOIN titles t ON t.work_key = j.value->>0`;
  return [
    sql`INSERT INTO titles (work_key, isbn13, title, author, status, stage, status_changed_at, requester_count, created_at, updated_at)
        SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, ${INITIAL_STATUS}, 'pending', ${at}, 0, ${at}, ${at}
        FROM json_each(${rows}) j WHERE true
        ON CONFLICT (work_key) DO NOTHING`,
    importedTitlesFirstEventStep(rows, { reason: sql`${READING_LIST_STEP} || min(j.value->>4)`, at }),
    sql`INSERT INTO course_readings (title_id, course_code, course_name, term, enrolment, importance, source, created_at, updated_at)
        SELECT t.id, j.value->>4, j.value->>5, j.value->>6, j.value->>7, j.value->>8, ${file}, ${at}, ${at}
        FROM json_each(${rows}) j JOIN titles t ON t.work_key = j.value->>0 WHERE true
        ON CONFLICT (title_id, course_code, term) DO UPDATE SET
          course_name = coalesce(excluded.course_name, course_readings.course_name),
          enrolment = excluded.enrolment, importance = excluded.importance,
          source = excluded.source, updated_at = excluded.updated_at`,
    sql`UPDATE titles SET title = coalesce(title, j.value->>2), author = coalesce(author, j.value->>3), updated_at = ${at}
        FROM json_each(${rows}) j WHERE titles.work_key = j.value->>0`,
    enqueueStep(
      'enrich',
      sql`SELECT DISTINCT CAST(t.id AS TEXT) AS subject FROM json_each(${rows}) j JOIN titles t ON t.work_key = j.value->>0
          WHERE t.enriched_at IS NULL`,
      now,
    ),
    enqueueStep('rescore', touched, now),
  ];
}

/**
 * The titles of a batch the library already has (on its shelves, or in its catalogue) with
 * fewer copies than their courses call for, said by the line that listed them: the selector
 * reviews them to order the difference.
 */
async function noteShortOfCopies(
  deps: Deps,
  entries: Entry[],
  short: { named: string[]; more: number },
): Promise<void> {
  if (entries.length === 0) return;
  const keys = JSON.stringify([...new Set(entries.map((e) => e.workKey))]);
  const held = await deps.db.orm.all<{
    id: number;
    work_key: string;
    isbn13: string | null;
    title: string | null;
    items: number;
  }>(sql`
    SELECT t.id, t.work_key, t.isbn13, t.title,
           max(t.held_items, coalesce((SELECT sum(h.items) FROM holding_isbns i JOIN holdings h ON h.id = i.holding_id
                                       WHERE i.isbn13 = t.isbn13), 0)) AS items
    FROM titles t WHERE t.work_key IN (SELECT value FROM json_each(${keys}))`);
  const owned = held.filter((t) => t.items > 0);
  if (owned.length === 0) return;
  const courses = await coursesOf(
    deps,
    owned.map((t) => t.id),
  );
  const lineOf = new Map<string, number>();
  for (const e of entries) if (!lineOf.has(e.workKey)) lineOf.set(e.workKey, e.line);
  for (const t of owned) {
    const wanted = recommendedCopies(courses.get(t.id) ?? [], deps.config.READING_LIST_STUDENTS_PER_COPY);
    if (wanted <= t.items) continue;
    if (short.named.length >= SHORT_NAMED) {
      short.more++;
      continue;
    }
    const name = titleName({ title: t.title, isbn13: t.isbn13 }, 'en');
    short.named.push(
      `line ${lineOf.get(t.work_key)}: "${name}" is held (${t.items} ${t.items === 1 ? 'copy' : 'copies'}), but its courses call for ${wanted}: title ${t.id} needs ${wanted - t.items} more`,
    );
  }
}
