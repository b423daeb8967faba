// The Workers entry: the same app (createApp) and the same jobs as the Node entry, over D1.
// What exists only on Workers is wired here: settings from the Worker's vars and secrets, the
// D1 adapter, the platform's fetch, mail through an HTTP relay, and Cron Triggers in place of
// node-cron. Deployment is described in docs/cloudflare.md.
import { type SQL, sql } from 'drizzle-orm';
import type { ExecutionContext } from 'hono';
import { type App, createApp } from './app.js';
import { parseConfig } from './config.js';
import type { Deps, Fetch } from './context.js';
import { type D1Binding, openD1 } from './db/d1.js';
import { type Db, runAtomic } from './db/db.js';
import { defaultScoring, scoringConfigSchema } from './domain/scoring.js';
import { NO_SELECTORS, selectorsSchema } from './domain/selectors.js';
import { defaultWorkflow, type Workflow, workflowSchema } from './domain/workflow.js';
import { runTrigger, unmatchableSchedules } from './jobs/triggers.js';
import { checkIlsMap, librarySettingsFromText } from './library-settings.js';
import { createLogger } from './logger.js';
import { checkClassificationData } from './services/classification-files.js';
import { docsAssets } from './services/docs-assets.js';
import { ProviderEnricher } from './services/enrichment/enricher.js';
import { EMPTY_ILS_MAP, ilsMapSchema } from './domain/ils-map.js';
import { relayMailer } from './services/notifications/relay.js';
import { stageSyncSql } from './services/titles.js';
import { upgradeStored } from './services/upgrade.js';
import { classificationFiles, docsFiles, migrationFiles } from './workers/bundle.js';

export interface Env {
  /** the D1 database: the [[d1_databases]] binding in wrangler.toml */
  DB: D1Binding;
  /** vars and secrets: the settings of config.ts */
  [setting: string]: unknown;
}

/** What the platform passes to `scheduled` (workerd's ScheduledController). */
export interface ScheduledController {
  readonly cron: string;
  readonly scheduledTime: number;
}

interface WorkerContext {
  deps: Deps;
  app: App;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let context: WorkerContext;
    try {
      context = await contextFor(env);
    } catch (error) {
      // A bad setting names the variable; it goes to the logs (wrangler tail), not to callers.
      console.error(
        JSON.stringify({ level: 'error', msg: 'the service cannot start', error: (error as Error).message }),
      );
      return Response.json(
        {
          type: 'about:blank',
          title: 'The service is not available',
          status: 503,
          detail: 'The service could not start; its logs say why.',
        },
        { status: 503, headers: { 'content-type': 'application/problem+json' } },
      );
    }
    return context.app.fetch(request, env, ctx);
  },

  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): void {
    ctx.waitUntil(
      (async () => {
        const { deps } = await contextFor(env);
        await syncStages(deps.db, deps.workflow);
        await upgradeStored(deps);
        await runTrigger(deps, controller.cron);
      })(),
    );
  },
};

// One context per isolate: the settings parsed and the app built once, not on every request.
const contexts = new WeakMap<Env, Promise<WorkerContext>>();

function contextFor(env: Env): Promise<WorkerContext> {
  let context = contexts.get(env);
  if (!context) {
    context = openWorkerContext(env);
    contexts.set(env, context);
    // A start that failed (a bad setting, D1 unreachable) is tried again by the next request.
    context.catch(() => contexts.delete(env));
  }
  return context;
}

async function openWorkerContext(env: Env): Promise<WorkerContext> {
  // Cloudflare sets CF-Connecting-IP on every request and clients cannot: the address to trust.
  const config = parseConfig({ TRUST_PROXY: 'cloudflare', ...settingsOf(env) });
  const logger = createLogger(config.LOG_LEVEL);
  const workflow = librarySettingsFromText(config.WORKFLOW_JSON, 'WORKFLOW_JSON', workflowSchema, defaultWorkflow);
  const scoring = librarySettingsFromText(config.SCORING_JSON, 'SCORING_JSON', scoringConfigSchema, defaultScoring);
  const selectors = librarySettingsFromText(config.SELECTORS_JSON, 'SELECTORS_JSON', selectorsSchema, NO_SELECTORS);
  const ilsMap = checkIlsMap(
    config,
    librarySettingsFromText(config.ILS_MAP_JSON, 'ILS_MAP_JSON', ilsMapSchema, EMPTY_ILS_MAP),
    'ILS_MAP_JSON',
  );
  if (config.SMTP_URL) {
    logger.warn('SMTP_URL is not used on Workers, which cannot open SMTP connections; set MAIL_RELAY_URL');
  }
  for (const schedule of unmatchableSchedules(config)) {
    logger.warn(`${schedule} has no Cron Trigger equivalent: give it five fields, as in [triggers] crons`);
  }
  const db = openD1(env.DB, migrationFiles);
  // The platform's own fetch: connection reuse is the runtime's business on Workers.
  const fetch: Fetch = (input, init) => globalThis.fetch(input, init);
  const base = {
    db,
    config,
    clock: () => new Date(),
    workflow,
    scoring,
    selectors,
    logger,
    classification: checkClassificationData(classificationFiles, 'db/classification'),
    fetch,
    ilsMap,
  };
  // With no relay, mail waits in the outbox (webhooks still go), as with no SMTP_URL on Node.
  const mailer = config.MAIL_RELAY_URL ? relayMailer(fetch, config.MAIL_RELAY_URL, config.MAIL_RELAY_TOKEN) : undefined;
  const deps: Deps = { ...base, enricher: new ProviderEnricher(base), ...(mailer ? { mailer } : {}) };
  // Before the migrations are applied there is nothing to sync; the next scheduled run does it.
  await syncStages(db, workflow).catch((error: Error) =>
    logger.warn('titles not synced with the workflow', { error: error.message }),
  );
  // What the migrations cannot do (services/upgrade.ts); once done, one read of app_state.
  await upgradeStored(deps).catch((error: Error) =>
    logger.warn('stored work keys not brought up to this release', { error: error.message }),
  );
  return { deps, app: createApp({ ...deps, docsAssets: docsAssets(docsFiles) }) };
}

/**
 * The Worker's vars and secrets as settings text: a TOML number or boolean as its text, a
 * *_JSON var written as a TOML table as its JSON. Other bindings (DB) are not settings.
 */
function settingsOf(env: Env): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') settings[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') settings[name] = String(value);
    else if (name.endsWith('_JSON') && value !== null && typeof value === 'object') {
      settings[name] = JSON.stringify(value);
    }
  }
  return settings;
}

const STAGES_KEY = 'workflow_stages';

/**
 * Every title's stage from its status under this workflow, as Node does at start (a workflow
 * that moves a status to another stage takes effect at once). Isolates start often, so the
 * pass over the titles runs only when the workflow's stages differ from those of the last
 * sync, recorded beside it; otherwise it is one read of app_state.
 */
async function syncStages(db: Db, workflow: Workflow): Promise<void> {
  const stages = JSON.stringify(workflow.statuses.map((s) => [s.code, s.stage]));
  const { text, params } = stageSyncSql(workflow);
  await runAtomic(db, [
    sql`${withParams(text, params)} AND (SELECT value FROM app_state WHERE key = ${STAGES_KEY}) IS NOT ${stages}`,
    sql`INSERT INTO app_state (key, value) VALUES (${STAGES_KEY}, ${stages})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ]);
}

/** SQL text with ? placeholders and its parameters, as a drizzle SQL fragment. */
function withParams(text: string, params: readonly unknown[]): SQL {
  const parts = text.split('?');
  return sql.join([sql.raw(parts[0]!), ...params.map((param, i) => sql`${param}${sql.raw(parts[i + 1]!)}`)]);
}
