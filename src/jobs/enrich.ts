// The enrichment job: titles waiting for metadata get it, in batches, off the request path.
// For each run, one atomic write: the merged metadata, the discipline, the list price, what the
// library already holds, and, for a new title the library turns out to own (and of which no
// course wants more copies), the move to "held" with a message to each requester saying where
// to find it. A provider that was down leaves the title's job to be tried again with backoff;
// nothing is lost or slowed at intake.
import type { SQL } from 'drizzle-orm';
import type { Deps, Enricher, Enrichment, Held } from '../context.js';
import { runAtomic } from '../db/db.js';
import { INITIAL_STATUS } from '../domain/workflow.js';
import {
  enrichedTitlesStep,
  proposalStep,
  type TitleUpdate,
  titlesToEnrich,
  titleUpdate,
} from '../services/enrichment/titles.js';
import { type ClaimedJob, claimJobs, doneStep, retryStep } from './queue.js';
import { recommendedCopies } from '../domain/course.js';
import { coursesOf, rescore } from '../services/scoring.js';
import { statusChangeSteps } from '../services/status-changes.js';

export interface EnrichReport {
  claimed: number;
  enriched: number;
  held: number;
  proposed: number;
  /** titles to try again later, a provider having been unavailable */
  deferred: number;
}

const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 25;

export async function runEnrichment(
  deps: Deps & { enricher: Enricher },
  options: { limit?: number } = {},
): Promise<EnrichReport> {
  const now = deps.clock();
  const jobs = await claimJobs(deps.db, 'enrich', options.limit ?? 2000, now, LEASE_MS);
  const report: EnrichReport = { claimed: jobs.length, enriched: 0, held: 0, proposed: 0, deferred: 0 };
  if (jobs.length === 0) return report;

  const rows = await titlesToEnrich(
    deps.db,
    jobs.map((j) => Number(j.subject)),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const isbns = rows.flatMap((r) => (r.isbn13 ? [r.isbn13] : []));
  const found = isbns.length ? await deps.enricher.enrich(isbns) : new Map<string, Enrichment>();
  const wantMore = await shortOfCopies(
    deps,
    rows.flatMap((r) => {
      const held = r.isbn13 && r.status === INITIAL_STATUS ? found.get(r.isbn13)?.held : undefined;
      return held ? [{ id: r.id, items: held.items }] : [];
    }),
  );

  // Everything this run learned is written together: the titles' metadata in one statement,
  // a status change for each new title the library turns out to hold, and the jobs' outcomes.
  const at = deps.clock().getTime();
  const updates: TitleUpdate[] = [];
  const steps: SQL[] = [];
  const done: ClaimedJob[] = [];
  const retry: { job: ClaimedJob; missing: string[] }[] = [];
  for (const job of jobs) {
    const title = byId.get(Number(job.subject));
    if (title?.isbn13) {
      const enrichment = found.get(title.isbn13)!;
      updates.push(titleUpdate(title.id, enrichment, title.edits));
      if (enrichment.held && title.status === INITIAL_STATUS && !wantMore.has(title.id)) {
        report.held++;
        steps.push(...heldSteps(title.id, enrichment.held, at));
      }
      report.enriched++;
      if (enrichment.missing.length) {
        report.deferred++;
        retry.push({ job, missing: enrichment.missing });
      } else done.push(job);
    } else if (title?.title) {
      const proposal = await deps.enricher.propose(title.title, title.author);
      if (proposal === 'unavailable') {
        report.deferred++;
        retry.push({ job, missing: ['googlebooks'] });
      } else {
        steps.push(proposalStep(title.id, proposal, at));
        if (proposal) report.proposed++;
        done.push(job);
      }
    } else {
      done.push(job);
    }
  }
  const now2 = deps.clock();
  await runAtomic(deps.db, [
    ...(updates.length ? [enrichedTitlesStep(updates, at)] : []),
    ...steps,
    ...done.map((job) => doneStep(job, now2)),
    ...retry.map(({ job, missing }) => retryStep(job, now2, `not answered: ${missing.join(', ')}`, MAX_ATTEMPTS)),
  ]);
  // Discipline, price and holdings are inputs of the score.
  await rescore(deps, { titleIds: updates.map((u) => u[0]) });
  return report;
}

/**
 * A title just suggested that the library turns out to own goes to "held", and its requesters
 * learn where it is. One a selector is already handling stays where the selector put it.
 */
function heldSteps(titleId: number, held: Held, at: number): SQL[] {
  return statusChangeSteps({
    titleId,
    from: INITIAL_STATUS,
    to: 'held',
    toStage: 'closed',
    reason: `Already in the library: ${held.where}`,
    actorRole: 'system',
    actor: 'system',
    at,
    details: { where: held.where, items: held.items },
  }).steps;
}

/**
 * Of titles the library turns out to hold, those whose courses call for more copies than it
 * has: they stay with the selectors, flagged held, to order the difference.
 */
async function shortOfCopies(deps: Deps, held: { id: number; items: number }[]): Promise<Set<number>> {
  if (held.length === 0) return new Set();
  const courses = await coursesOf(
    deps,
    held.map((h) => h.id),
  );
  const perCopy = deps.config.READING_LIST_STUDENTS_PER_COPY;
  return new Set(held.filter((h) => recommendedCopies(courses.get(h.id) ?? [], perCopy) > h.items).map((h) => h.id));
}
