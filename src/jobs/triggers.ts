// Cron Triggers on Workers: the platform calls `scheduled` with the expression of the trigger
// that fired, and that runs every job of the one list (list.ts) whose *_CRON setting is that
// expression, as node-cron does on Node (scheduler.ts). The expressions live twice in wrangler.toml,
// once as [triggers] crons and once as the settings in [vars], so a library changes a
// schedule in both places; a trigger that matches no job is logged.
import type { Config } from '../config.js';
import type { Deps } from '../context.js';
import { didWork, type Job, JOBS } from './list.js';

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
      if (didWork(report)) deps.logger.info(`job ${job.name}`, { ...report });
    } catch (error) {
      const e = error as Error;
      deps.logger.error(`job ${job.name} failed`, { error: e.message, stack: e.stack });
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateError(failures, `cron ${cron}: ${failures.length} job(s) failed`);
  return reports;
}
