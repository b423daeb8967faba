// The Node scheduler runs the one list of jobs (jobs/list.ts), each on its own setting, as the
// Workers triggers do: a job added to the list is scheduled on both without a second edit.
import { afterEach, describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/context.js';
import { JOBS } from '../../src/jobs/list.js';
import { type Scheduler, startScheduler } from '../../src/jobs/scheduler.js';
import { type Harness, harness } from '../api/harness.js';

describe('the Node scheduler', () => {
  let h: Harness | undefined;
  let scheduler: Scheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    h?.close();
  });

  it('runs every job of the list on its setting, and leaves a job whose setting is not due alone', async () => {
    const ran: string[] = [];
    const metrics: Metrics = {
      observeRequest: () => {},
      observeJob: (name, _seconds, ok) => {
        if (ok) ran.push(name);
      },
      render: () => Promise.resolve({ contentType: 'text/plain', body: '' }),
    };
    const everySecond = '* * * * * *';
    h = await harness(
      {
        ENRICH_CRON: everySecond,
        RESCORE_CRON: everySecond,
        DELIVER_CRON: everySecond,
        STAFF_NOTICE_CRON: everySecond,
        ILS_PUSH_CRON: everySecond,
        ILS_SYNC_CRON: everySecond,
        // once a year, on 1 January at midnight: never during the test
        DIGEST_CRON: '0 0 1 1 *',
      },
      { metrics },
    );
    scheduler = startScheduler(h.deps);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(new Set(ran)).toEqual(new Set(JOBS.map((job) => job.name).filter((name) => name !== 'digests')));
  });
});
