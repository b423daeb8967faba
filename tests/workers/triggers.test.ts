// On Workers, Cron Triggers run the jobs node-cron runs on Node: each trigger the jobs whose
// *_CRON setting is its expression. wrangler.toml holds both lists; they must agree.
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { JOBS } from '../../src/jobs/list.js';
import { jobsForCron, runTrigger, unmatchableSchedules } from '../../src/jobs/triggers.js';
import { createLogger } from '../../src/logger.js';
import { harness } from '../api/harness.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const wrangler = unstable_readConfig({ config: `${ROOT}wrangler.toml` });
const config = parseConfig(wrangler.vars as Record<string, string>);

describe('Cron Triggers in wrangler.toml', () => {
  it('are valid settings, every schedule one a Cron Trigger can have', () => {
    expect(unmatchableSchedules(config)).toEqual([]);
  });

  it('run every job, and each trigger runs at least one', () => {
    const crons = wrangler.triggers.crons ?? [];
    const run = crons.map((cron) => jobsForCron(config, cron).map((job) => job.name));
    expect(run.every((names) => names.length > 0)).toBe(true);
    expect(run.flat().sort()).toEqual(JOBS.map((job) => job.name).sort());
  });

  it('apply the migrations drizzle-kit writes', () => {
    expect(wrangler.d1_databases).toEqual([
      expect.objectContaining({ binding: 'DB', migrations_dir: 'db/migrations' }),
    ]);
  });
});

describe('a Cron Trigger firing', () => {
  it('runs its jobs in order: what enrichment learns is scored, and the messages go out', async () => {
    const every = '* * * * *';
    const h = await harness({ ENRICH_CRON: every, RESCORE_CRON: every, DELIVER_CRON: every });
    const reports = await runTrigger(h.deps, ' *  * * * * ');
    expect(Object.keys(reports)).toEqual(['enrich', 'rescore', 'deliver']);
    h.close();
  });

  it('says so when no setting has its expression, rather than failing silently', async () => {
    const lines: string[] = [];
    const h = await harness();
    const reports = await runTrigger({ ...h.deps, logger: createLogger('warn', (l) => lines.push(l)) }, '0 3 * * *');
    expect(reports).toEqual({});
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', cron: '0 3 * * *' });
    h.close();
  });

  it('runs the other jobs when one fails, then fails with its error', async () => {
    const every = '* * * * *';
    const h = await harness({ ENRICH_CRON: every, DELIVER_CRON: every });
    h.db.sqlite.exec('DROP TABLE jobs');
    const lines: string[] = [];
    const run = runTrigger({ ...h.deps, logger: createLogger('info', (l) => lines.push(l)) }, every);
    await expect(run).rejects.toThrow(/1 job\(s\) failed/);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['job enrich failed']);
    h.close();
  });
});
