// `r2b import suggestions`: suggestion history from another system (a Koha suggestions
// export, a spreadsheet kept by hand, or the generator's scenario), so demand that was
// expressed before the service existed is not lost. One row per request:
//   requested_at,patron_id,patron_category,department,isbn,title,author,format,reason,status,decided_at
// isbn, or title (and author), says which work; status and decided_at, when present, say what
// the library decided and when. History is history: requesters are not sent messages for it,
// and the per-patron limits do not apply.
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { PATRON_CATEGORIES } from '../../db/schema.js';
import { controlCharacterIn } from '../../domain/imported-text.js';
import { parseLoanDate } from '../../domain/loan.js';
import { overLimit } from '../../domain/text-limits.js';
import { findStatus, INITIAL_STATUS } from '../../domain/workflow.js';
import { enqueueStep } from '../../jobs/queue.js';
import { importedTitlesFirstEventStep, statusEventStep } from '../status-changes.js';
import { identifyWork } from '../suggestions.js';
import { columnsOf, type CsvChoices } from './csv.js';
import { openCsvRun } from './csv-run.js';
import { ImportError, type ImportSource, type ImportSummary } from './import-run.js';

const BATCH = 1000;
const FORMATS = ['print', 'ebook', 'audiobook'];

/** The columns a suggestions file is read from (requested_at and patron_id required). */
export const SUGGESTION_COLUMNS = [
  'requested_at',
  'patron_id',
  'patron_category',
  'department',
  'isbn',
  'title',
  'author',
  'format',
  'reason',
  'status',
  'decided_at',
] as const;
type SuggestionColumn = (typeof SUGGESTION_COLUMNS)[number];

interface Request {
  workKey: string;
  isbn13: string | null;
  title: string | null;
  author: string | null;
  patronId: string;
  category: string;
  department: string | null;
  format: string;
  reason: string | null;
  requestedAt: number;
  status: string;
  decidedAt: number | null;
}

export async function importSuggestions(
  deps: Deps,
  source: ImportSource,
  options: CsvChoices = {},
): Promise<ImportSummary> {
  const run = await openCsvRun(deps, source, 'suggestions', options);
  if (run.done) return run.done;
  let header: ReadonlyMap<string, number> | null = null;
  let batch: Request[] = [];
  const commit = async (complete: boolean) => {
    await runAtomic(deps.db, [...requestSteps(deps, batch), run.checkpoint({ imported: batch.length }, complete)]);
    run.summary.imported += batch.length;
    batch = [];
  };

  const readHeader = (record: string[]) => {
    header = columnsOf(record);
    for (const required of ['requested_at', 'patron_id'] satisfies SuggestionColumn[]) {
      if (!header.has(required))
        throw new ImportError(`A suggestions file needs a ${required} column; this one has: ${record.join(', ')}.`);
    }
  };
  for await (const { record, line } of run.rows(readHeader)) {
    const get = (name: SuggestionColumn) => {
      const i = header!.get(name);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const parsed = toRequest(deps, get);
    if (typeof parsed === 'string') run.reject(line, parsed);
    else batch.push(parsed);
    if (batch.length + run.pendingRejections >= BATCH) await commit(false);
  }
  await commit(true);
  return run.finish();
}

function toRequest(deps: Deps, get: (name: SuggestionColumn) => string): Request | string {
  const when = parseLoanDate(get('requested_at'));
  if (!when.ok) return when.reason.replace('loaned_at', 'requested_at');
  const patronId = get('patron_id');
  if (!patronId) return 'patron_id is empty';
  const damaged =
    controlCharacterIn('department', get('department')) ??
    controlCharacterIn('patron_category', get('patron_category'));
  if (damaged) return damaged;
  const tooLong =
    overLimit('isbn', get('isbn')) ??
    overLimit('title', get('title')) ??
    overLimit('author', get('author')) ??
    overLimit('reason', get('reason')) ??
    overLimit('department', get('department')) ??
    overLimit('category', get('patron_category'), 'patron_category');
  if (tooLong) return tooLong;
  let work: { workKey: string; isbn13: string | null };
  try {
    work = identifyWork({
      isbn: get('isbn') || undefined,
      title: get('title') || undefined,
      author: get('author') || undefined,
    });
  } catch (error) {
    return (error as Error).message;
  }
  const category =
    (deps.config.PATRON_CATEGORY_MAP.get(get('patron_category')) ?? get('patron_category').toLowerCase()) || 'public';
  const status = get('status') || INITIAL_STATUS;
  if (!findStatus(deps.workflow, status)) return `status "${status}" is not a status of this library's workflow`;
  const decided = get('decided_at') ? parseLoanDate(get('decided_at')) : null;
  if (decided && !decided.ok) return decided.reason.replace('loaned_at', 'decided_at');
  const format = get('format') || 'print';
  if (!FORMATS.includes(format)) return `format "${format}" is not print, ebook or audiobook`;
  return {
    ...work,
    title: get('title') || null,
    author: get('author') || null,
    patronId,
    category: (PATRON_CATEGORIES as readonly string[]).includes(category) ? category : 'public',
    department: get('department') || null,
    format,
    reason: get('reason') || null,
    requestedAt: when.date.getTime(),
    status,
    decidedAt: decided?.ok ? decided.date.getTime() : null,
  };
}

/**
 * A batch of requests as one atomic write: patrons, titles, suggestions at their own dates,
 * each title's history (requested, then what was decided, when), its pooled count, and its
 * enrichment and scoring queued. Requests already imported are left as they are.
 */
function requestSteps(deps: Deps, requests: Request[]): SQL[] {
  if (requests.length === 0) return [];
  const now = deps.clock();
  const at = now.getTime();
  const rows = JSON.stringify(
    requests.map((r) => [
      r.workKey,
      r.isbn13,
      r.title,
      r.author,
      r.patronId,
      r.category,
      r.department,
      r.format,
      r.reason,
      r.requestedAt,
      r.status,
      r.decidedAt,
      findStatus(deps.workflow, r.status)!.stage,
    ]),
  );
  const title = sql`(SELECT id FROM titles WHERE work_key = j.value->>0)`;
  const touched = sql`SELECT DISTINCT CAST(t.id AS TEXT) AS subject FROM json_each(${rows}) j JOIN titles t ON t.work_key = j.value->>0`;
  return [
    sql`INSERT INTO patrons (external_id, category, department_code, locale, created_at, updated_at)
        SELECT j.value->>4, j.value->>5, j.value->>6, ${deps.config.DEFAULT_LOCALE}, ${at}, ${at} FROM json_each(${rows}) j WHERE true
        ON CONFLICT (external_id) DO NOTHING`,
    sql`INSERT INTO titles (work_key, isbn13, title, author, status, stage, status_changed_at, requester_count, created_at, updated_at)
        SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>10, j.value->>12, coalesce(j.value->>11, j.value->>9), 0, j.value->>9, ${at}
        FROM json_each(${rows}) j WHERE true
        ON CONFLICT (work_key) DO NOTHING`,
    // One "requested" event per title, at its first request, and one for the decision: grouped,
    // because rows of one batch do not see each other's inserts.
    importedTitlesFirstEventStep(rows, { reason: 'requested before this service', at: sql`min(j.value->>9)` }),
    statusEventStep(
      {
        titleId: sql`t.id`,
        from: INITIAL_STATUS,
        to: sql`j.value->>10`,
        actorRole: 'system',
        actor: 'import',
        reason: 'decided before this service',
        at: sql`max(j.value->>11)`,
      },
      sql`FROM json_each(${rows}) j JOIN titles t ON t.work_key = j.value->>0
          WHERE j.value->>10 != ${INITIAL_STATUS} AND j.value->>11 IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM status_events e WHERE e.title_id = t.id AND e.to_status = j.value->>10)
          GROUP BY t.id, j.value->>10`,
    ),
    sql`INSERT INTO suggestions (request_id, title_id, patron_id, department_code, category, format, reason, need_by,
                                 wants_hold, channel, given_isbn, given_title, given_author, created_at)
        SELECT lower(hex(randomblob(16))), ${title}, (SELECT id FROM patrons WHERE external_id = j.value->>4),
               j.value->>6, j.value->>5, j.value->>7, j.value->>8, NULL, 0, 'import', j.value->>1, j.value->>2, j.value->>3, j.value->>9
        FROM json_each(${rows}) j WHERE true
        ON CONFLICT (title_id, patron_id) DO NOTHING`,
    sql`UPDATE titles SET requester_count = (SELECT count(*) FROM suggestions s WHERE s.title_id = titles.id), updated_at = ${at}
        WHERE work_key IN (SELECT j.value->>0 FROM json_each(${rows}) j)`,
    enqueueStep('enrich', touched, now),
    enqueueStep('rescore', touched, now),
  ];
}
