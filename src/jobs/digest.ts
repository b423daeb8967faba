// The weekly digest job (DIGEST_CRON): each department with a liaison gets its digest for
// the period since its last one, through the outbox, so a mail outage loses nothing. The
// message and the new period start are written together, and the message's dedupe key is the
// period's start: run twice, or restarted, the job sends a period once. A department with
// nothing new gets no mail (unless DIGEST_SEND_QUIET, and then at most one empty digest a
// day) and its next digest covers both weeks.
import type { Deps } from '../context.js';
import { runAtomic } from '../db/db.js';
import { newId } from '../db/sql.js';
import { departmentsWithLiaison } from '../services/departments.js';
import { buildDigest, nextPeriodStep, renderDigest } from '../services/digests.js';
import { queueMessageStep } from '../services/notifications/outbox.js';

const QUIET_MIN_PERIOD_MS = 86_400_000;

export interface DigestReport {
  queued: number;
  quiet: number;
}

export async function runDigests(deps: Deps, options: { department?: string } = {}): Promise<DigestReport> {
  const now = deps.clock();
  const departments = await departmentsWithLiaison(deps.db, options.department);
  const report: DigestReport = { queued: 0, quiet: 0 };
  for (const department of departments) {
    const digest = await buildDigest(deps, department.code, now);
    // With DIGEST_SEND_QUIET a quiet department still hears weekly, but the job run again
    // (or by hand) soon after must not send it an empty digest of the last few minutes.
    const sendQuiet =
      deps.config.DIGEST_SEND_QUIET && now.getTime() - digest.period.from.getTime() >= QUIET_MIN_PERIOD_MS;
    if (digest.quiet && !sendQuiet) {
      report.quiet++;
      continue;
    }
    const rendered = renderDigest(deps, digest);
    await runAtomic(deps.db, [
      queueMessageStep({
        id: newId(),
        dedupeKey: `digest:${department.code}:${digest.period.from.getTime()}`,
        patronId: null,
        recipient: department.liaisonEmail,
        kind: 'digest',
        locale: digest.department.locale,
        payload: JSON.stringify(rendered),
        at: now.getTime(),
      }),
      nextPeriodStep(department.code, now.getTime()),
    ]);
    report.queued++;
  }
  return report;
}
