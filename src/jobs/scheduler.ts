// The Node process runs its jobs on schedules (node-cron): enrichment every few seconds, and,
// as they arrive, delivery, rescoring and digests. A run never overlaps the one before it; a
// run that throws is logged and the schedule goes on. On Workers, Cron Triggers call the same
// job functions instead.
import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../context.js';
import { runRescoreJobs } from '../services/scoring.js';
import { runDelivery } from './deliver.js';
import { runDigests } from './digest.js';
import { runEnrichment } from './enrich.js';
import { runIlsPushJob, runIlsSyncJob } from './ils.js';
import { runStaffNotices } from './staff-notices.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/** Work only the Node process can do, scheduled beside the jobs: the backup of its own file. */
export interface NodeJobs {
  backup?: () => Promise<object>;
}

export function startScheduler(deps: Deps, node: NodeJobs = {}): Scheduler {
  const tasks: ScheduledTask[] = [];
  const every = (name: string, expression: string, job: () => Promise<object>) => {
    const task = cron.schedule(
      expression,
      async () => {
        const started = performance.now();
        try {
          const report = await job();
          deps.metrics?.observeJob(name, (performance.now() - started) / 1000, true);
          if (Object.values(report).some((v) => typeof v === 'number' && v > 0))
            deps.logger.info(`job ${name}`, { ...report });
        } catch (error) {
          deps.metrics?.observeJob(name, (performance.now() - started) / 1000, false);
          deps.logger.error(`job ${name} failed`, { error: (error as Error).message, stack: (error as Error).stack });
        }
      },
      { name, noOverlap: true },
    );
    tasks.push(task);
  };
  every('enrich', deps.config.ENRICH_CRON, () => runEnrichment(deps));
  every('rescore', deps.config.RESCORE_CRON, () => runRescoreJobs(deps));
  if (deps.config.ILS !== 'none') {
    every('ils-push', deps.config.ILS_PUSH_CRON, () => runIlsPushJob(deps));
    every('ils-sync', deps.config.ILS_SYNC_CRON, () => runIlsSyncJob(deps));
  }
  every('deliver', deps.config.DELIVER_CRON, () => runDelivery(deps));
  every('staff-notices', deps.config.STAFF_NOTICE_CRON, () => runStaffNotices(deps));
  every('digests', deps.config.DIGEST_CRON, () => runDigests(deps));
  if (deps.config.BACKUP_CRON && node.backup) every('backup', deps.config.BACKUP_CRON, node.backup);
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
    },
  };
}
