// The one list of the service's jobs: what each runs and which setting schedules it. The Node
// process schedules them with node-cron (scheduler.ts); on Workers, Cron Triggers run the ones
// whose setting matches the trigger that fired (triggers.ts). A new job is added here, once.
import type { Deps } from '../context.js';
import { runRescoreJobs } from '../services/scoring.js';
import { runDelivery } from './deliver.js';
import { runDigests } from './digest.js';
import { runEnrichment } from './enrich.js';
import { runIlsPushJob, runIlsSyncJob } from './ils.js';
import { runStaffNotices } from './staff-notices.js';

export interface Job {
  name: string;
  setting:
    | 'ENRICH_CRON'
    | 'RESCORE_CRON'
    | 'ILS_PUSH_CRON'
    | 'ILS_SYNC_CRON'
    | 'DELIVER_CRON'
    | 'STAFF_NOTICE_CRON'
    | 'DIGEST_CRON';
  run(deps: Deps): Promise<object>;
}

/** In the order they run when one trigger starts several: what enrichment learns is scored,
 *  and the messages both queue go out in the same run. */
export const JOBS: readonly Job[] = [
  { name: 'enrich', setting: 'ENRICH_CRON', run: (deps) => runEnrichment(deps) },
  { name: 'rescore', setting: 'RESCORE_CRON', run: (deps) => runRescoreJobs(deps) },
  // Before delivery: the messages of the moves the ILS reports go out in the same run. Without
  // an ILS (ILS=none) both return at once, having nothing to send or read.
  { name: 'ils-push', setting: 'ILS_PUSH_CRON', run: runIlsPushJob },
  { name: 'ils-sync', setting: 'ILS_SYNC_CRON', run: runIlsSyncJob },
  { name: 'deliver', setting: 'DELIVER_CRON', run: (deps) => runDelivery(deps) },
  { name: 'staff-notices', setting: 'STAFF_NOTICE_CRON', run: (deps) => runStaffNotices(deps) },
  { name: 'digests', setting: 'DIGEST_CRON', run: (deps) => runDigests(deps) },
];

/** A run reports what it did; one that did something is worth a line in the log. */
export function didWork(report: object): boolean {
  return Object.values(report).some((v) => typeof v === 'number' && v > 0);
}
