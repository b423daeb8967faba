// The enrichment job: titles waiting for metadata get it, in batches, off the request path.
// Per title, one atomic write: the merged metadata, the discipline, the list price, what the
// library already holds, and, for a new title the library turns out to own, the move to
// "held" with a message to each requester saying where to find it. A provider that was down
// leaves the title's job to be tried again with backoff; nothing is lost or slowed at intake.
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../context.js';
import { runAtomic } from '../db/db.js';
import { titles } from '../db/schema.js';
import { INITIAL_STATUS } from '../domain/workflow.js';
import type { Enricher, Enrichment, Proposal } from '../services/enrichment/enricher.js';
import { type ClaimedJob, claimJobs, doneStep, retryStep } from '../services/jobs.js';
import { statusChangeSteps } from '../services/titles.js';

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
  const jobs = await claimJobs(deps.db, 'enrich', options.limit ?? 200, now, LEASE_MS);
  const report: EnrichReport = { claimed: jobs.length, enriched: 0, held: 0, proposed: 0, deferred: 0 };
  if (jobs.length === 0) return report;

  const rows = await deps.db.orm
    .select({ id: titles.id, isbn13: titles.isbn13, title: titles.title, author: titles.author, status: titles.status })
    .from(titles)
    .where(
      inArray(
        titles.id,
        jobs.map((j) => Number(j.subject)),
      ),
    )
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const isbns = rows.flatMap((r) => (r.isbn13 ? [r.isbn13] : []));
  const found = isbns.length ? await deps.enricher.enrich(isbns) : new Map<string, Enrichment>();

  for (const job of jobs) {
    const title = byId.get(Number(job.subject));
    if (!title) {
      await runAtomic(deps.db, [doneStep(job, deps.clock())]);
      continue;
    }
    if (title.isbn13) {
      const enrichment = found.get(title.isbn13)!;
      const steps = enrichmentSteps(deps, title, enrichment);
      if (enrichment.held && title.status === INITIAL_STATUS) report.held++;
      await finish(deps, job, steps, enrichment.missing);
      report.enriched++;
      if (enrichment.missing.length) report.deferred++;
    } else if (title.title) {
      const proposal = await deps.enricher.propose(title.title, title.author);
      if (proposal === 'unavailable') {
        await finish(deps, job, [], ['googlebooks']);
        report.deferred++;
      } else {
        await finish(deps, job, proposalSteps(deps, title.id, proposal), []);
        if (proposal) report.proposed++;
      }
    } else {
      await runAtomic(deps.db, [doneStep(job, deps.clock())]);
    }
  }
  return report;
}

async function finish(deps: Deps, job: ClaimedJob, steps: SQL[], missing: string[]): Promise<void> {
  const now = deps.clock();
  const outcome = missing.length
    ? retryStep(job, now, `not answered: ${missing.join(', ')}`, MAX_ATTEMPTS)
    : doneStep(job, now);
  await runAtomic(deps.db, [...steps, outcome]);
}

function enrichmentSteps(deps: Deps, title: { id: number; status: string }, enrichment: Enrichment): SQL[] {
  const at = deps.clock().getTime();
  const m = enrichment.metadata;
  const price = m?.listPrice ?? null;
  const held = enrichment.held;
  const steps: SQL[] = [
    sql`UPDATE titles SET
          metadata = ${m ? JSON.stringify(m) : null},
          title = coalesce(${m?.title ?? null}, title),
          author = coalesce(${m?.authors[0] ?? null}, author),
          discipline = coalesce(${enrichment.discipline}, discipline),
          price_cents = coalesce(${price ? Math.round(price.amount * 100) : null}, price_cents),
          price_currency = coalesce(${price?.currency ?? null}, price_currency),
          held_items = ${held?.items ?? 0},
          held_where = ${held?.where ?? null},
          enriched_at = ${at},
          updated_at = ${at}
        WHERE id = ${title.id}`,
  ];
  // A title just suggested that the library turns out to own goes to "held", and its requesters
  // learn where it is. One a selector is already handling stays where the selector put it.
  if (held && title.status === INITIAL_STATUS) {
    steps.push(
      ...statusChangeSteps({
        titleId: title.id,
        from: INITIAL_STATUS,
        to: 'held',
        reason: `Already in the library: ${held.where}`,
        actorRole: 'system',
        actor: 'system',
        at,
        details: { where: held.where, items: held.items },
      }).steps,
    );
  }
  return steps;
}

function proposalSteps(deps: Deps, titleId: number, proposal: Proposal | null): SQL[] {
  const at = deps.clock().getTime();
  return [
    sql`UPDATE titles SET proposal = ${proposal ? JSON.stringify(proposal) : null}, enriched_at = ${at}, updated_at = ${at}
        WHERE id = ${titleId}`,
  ];
}
