// The Node entry: open the SQLite file, migrate, build the app, serve it. Everything that
// exists only on Node (the file system, better-sqlite3, the HTTP server) is wired here.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Agent, fetch as undiciFetch } from 'undici';
import { createApp } from './app.js';
import { type Config, ConfigError, localUrl, parseConfig } from './config.js';
import type { Clock, Deps, Fetch } from './context.js';
import { startCheckpointer } from './db/checkpointer.js';
import { backupToDir } from './db/backup.js';
import { migrateSqlite, openSqlite, type SqliteDb } from './db/sqlite.js';
import { upgradeStored } from './services/upgrade.js';
import type { z } from 'zod';
import { defaultScoring, scoringConfigSchema } from './domain/scoring.js';
import { NO_SELECTORS, selectorsSchema } from './domain/selectors.js';
import { defaultWorkflow, workflowSchema } from './domain/workflow.js';
import { startScheduler } from './jobs/scheduler.js';
import { stageSyncSql } from './services/titles.js';
import { createLogger, type Logger } from './logger.js';
import { loadClassificationData } from './node/classification-data.js';
import { demoSignInChoices, isEmptyLibrary, loadDemoLibrary, readDemoLibrary } from './demo/library.js';
import { loadDocsAssets } from './services/docs-assets.js';
import { ProviderEnricher } from './services/enrichment/enricher.js';
import { EMPTY_ILS_MAP, ilsMapSchema } from './domain/ils-map.js';
import { checkIlsMap } from './library-settings.js';
import { nodeMetrics } from './services/metrics.js';
import { smtpMailer } from './services/notifications/smtp.js';

/** The one clock of a running service: tests pass their own. */
export const systemClock: Clock = () => new Date();

export interface NodeContext {
  deps: Deps;
  db: SqliteDb;
  close(): void;
}

/** Settings, database (migrated) and dependencies: what the server and every CLI command need. */
export function openNodeContext(env: Record<string, string | undefined> = process.env, logger?: Logger): NodeContext {
  const config = parseConfig(env);
  // Straight to the stream: console.error formats and colour-checks every line, a tenth of a
  // busy server's time when each request logs one.
  const log = logger ?? createLogger(config.LOG_LEVEL, (line) => process.stderr.write(`${line}\n`));
  const workflow = readSettingsFile(config.WORKFLOW_FILE, 'WORKFLOW_FILE', workflowSchema, defaultWorkflow);
  const scoring = readSettingsFile(config.SCORING_FILE, 'SCORING_FILE', scoringConfigSchema, defaultScoring);
  const selectors = readSettingsFile(config.SELECTORS_FILE, 'SELECTORS_FILE', selectorsSchema, NO_SELECTORS);
  const ilsMap = checkIlsMap(
    config,
    readSettingsFile(config.ILS_MAP_FILE, 'ILS_MAP_FILE', ilsMapSchema, EMPTY_ILS_MAP),
    'ILS_MAP_FILE',
  );
  const db = openSqlite(config.DATABASE_PATH);
  migrateSqlite(db);
  const stages = stageSyncSql(workflow);
  db.sqlite.prepare(stages.text).run(...stages.params);
  const base = {
    db,
    config,
    clock: systemClock,
    workflow,
    scoring,
    selectors,
    logger: log,
    classification: loadClassificationData(),
    fetch: keepAliveFetch(config),
    ilsMap,
  };
  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL) : undefined;
  const deps: Deps = { ...base, enricher: new ProviderEnricher(base), ...(mailer ? { mailer } : {}) };
  return {
    deps,
    db,
    close: () => {
      mailer?.close();
      db.close();
    },
  };
}

/** fetch over one keep-alive connection pool, so provider requests do not each pay a TLS handshake. */
function keepAliveFetch(config: Config): Fetch {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: config.ENRICH_CONCURRENCY * 2 });
  return (url, init) => undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
}

/** A library's own settings file (workflow, scoring, selectors), checked; the default when none is named. */
function readSettingsFile<T>(path: string | undefined, variable: string, schema: z.ZodType<T>, fallback: T): T {
  if (!path) return fallback;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`${variable} ${path} is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export interface RunningServer {
  url: string;
  port: number;
  context: NodeContext;
  /** true when this start loaded the demo library into an empty database */
  demoLoaded: boolean;
  close(): Promise<void>;
}

export async function startServer(options: {
  demo: boolean;
  env?: Record<string, string | undefined>;
}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  // The demo library has a name of its own, as in the screenshots, unless the library gives one.
  const context = openNodeContext(
    options.demo && !env.LIBRARY_NAME ? { ...env, LIBRARY_NAME: readDemoLibrary().name } : env,
  );
  const { deps } = context;
  await upgradeStored(deps);
  let demoLoaded = false;
  if (options.demo && (await isEmptyLibrary(deps))) {
    await loadDemoLibrary(deps, readDemoLibrary());
    demoLoaded = true;
  }
  // The app is made once the port is known: PORT=0 takes any free port, and links must name it.
  let app: ReturnType<typeof createApp> | undefined;
  const server = serve({
    fetch: (request, env) => app!.fetch(request, env),
    port: deps.config.PORT,
    hostname: deps.config.HOST,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = localUrl(deps.config.HOST, port);
  const derived = deps.config.PUBLIC_BASE_URL === localUrl(deps.config.HOST, deps.config.PORT);
  const metrics = nodeMetrics({ sqlite: context.db.sqlite, path: deps.config.DATABASE_PATH });
  const served: Deps = { ...(derived ? { ...deps, config: { ...deps.config, PUBLIC_BASE_URL: url } } : deps), metrics };
  app = createApp({
    ...served,
    docsAssets: loadDocsAssets(),
    ...(options.demo ? { signInChoices: demoSignInChoices(readDemoLibrary()) } : {}),
  });
  const scheduler = startScheduler(served, {
    backup: async () => {
      const made = backupToDir(context.db.sqlite, deps.config.BACKUP_DIR, deps.config.BACKUP_KEEP);
      return { backups: 1, bytes: made.bytes, removed: made.removed.length };
    },
  });
  const checkpointer = startCheckpointer(context.db);
  return {
    url,
    port,
    context,
    demoLoaded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(async () => {
          await scheduler.stop();
          await checkpointer.stop();
          context.close();
          resolve();
        });
        // Keep-alive connections would hold close() open; they carry no unfinished work here.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
