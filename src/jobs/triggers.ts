// Cron Triggers on Workers: the platform calls `scheduled` with the expression of the trigger
// that fired, and that runs every job whose *_CRON setting is that expression: the same job
// functions node-cron runs on Node (scheduler.ts). The expressions live twice in wrangler.toml,
// once as [triggers] crons and once as the settings in [vars], so a library changes a
// schedule in both places; a trigger that matches no job is logged.
import type { Config } from '../config.js';
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
  // Before delivery: the messages of the moves the ILS reports go out in the same run.
  { name: 'ils-push', setting: 'ILS_PUSH_CRON', run: runIlsPushJob },
  { name: 'ils-sync', setting: 'ILS_SYNC_CRON', run: runIlsSyncJob },
  { name: 'deliver', setting: 'DELIVER_CRON', run: (deps) => runDelivery(deps) },
  { name: 'staff-notices', setting: 'STAFF_NOTICE_CRON', run: (deps) => runStaffNotices(deps) },
  { name: 'digests', setting: 'DIGEST_CRON', run: (deps) => runDigests(deps) },
];

const normalize = (cron: string) => cron.trim().replace(/\s+/g, ' ').toUpperCase();

/** The jobs a trigger with this expression runs. */
export function jobsForCron(config: Config, cron: string): Job[] {
  return JOBS.filter((job) => normalize(config[job.setting]) === normalize(cron));
}

/**
 * Settings no Cron Trigger can ever match: Cron Triggers have five fields (minute to weekday),
 * while the Node defaults of the frequent jobs have six (from the second).
 */
export function unmatchableSchedules(config: Config): string[] {
  return JOBS.filter((job) => normalize(config[job.setting]).split(' ').length !== 5).map(
    (job) => `${job.setting} "${config[job.setting]}"`,
  );
}

/**
 * Run the jobs of one trigger, one after another (a run stays within one invocation's limits).
 * A job that throws is logged and the next still runs; the trigger then fails with every
 * error, so the Workers dashboard shows the run as failed.
 */
export async function runTrigger(deps: Deps, cron: string): Promise<Record<string, object>> {
  const jobs = jobsForCron(deps.config, cron);
  if (jobs.length === 0) {
    deps.logger.warn('cron trigger runs no job: no *_CRON setting has this expression', { cron });
    return {};
  }
  const reports: Record<string, object> = {};
  const failures: Error[] = [];
  for (const job of jobs) {
    try {
      const report = await job.run(deps);
      reports[job.name] = report;
      if (Object.values(report).some((v) => typeof v === 'number' && v > 0))
        deps.logger.info(`job ${job.name}`, { ...report });
    } catch (error) {
      const e = error as Error;
      deps.logger.error(`job ${job.name} failed`, { error: e.message, stack: e.stack });
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateError(failures, `cron ${cron}: ${failures.length} job(s) failed`);
  return reports;
}
