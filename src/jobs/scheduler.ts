// The Node process runs the jobs of the one list (list.ts) on their schedules (node-cron):
// enrichment every few seconds, and, as they arrive, delivery, rescoring and digests. A run
// never overlaps the one before it; a run that throws is logged and the schedule goes on. On
// Workers, Cron Triggers run the same list instead (triggers.ts).
import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../context.js';
import { didWork, JOBS } from './list.js';

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
          if (didWork(report)) deps.logger.info(`job ${name}`, { ...report });
        } catch (error) {
          deps.metrics?.observeJob(name, (performance.now() - started) / 1000, false);
          deps.logger.error(`job ${name} failed`, { error: (error as Error).message, stack: (error as Error).stack });
        }
      },
      { name, noOverlap: true },
    );
    tasks.push(task);
  };
  for (const job of JOBS) every(job.name, deps.config[job.setting], () => job.run(deps));
  if (deps.config.BACKUP_CRON && node.backup) every('backup', deps.config.BACKUP_CRON, node.backup);
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
    },
  };
}
