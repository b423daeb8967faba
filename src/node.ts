// The Node entry: open the SQLite file, migrate, build the app, serve it. Everything that
// exists only on Node (the file system, better-sqlite3, the HTTP server) is wired here.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Agent, fetch as undiciFetch } from 'undici';
import { createApp } from './app.js';
import { type Config, ConfigError, parseConfig } from './config.js';
import type { Deps } from './context.js';
import { migrateSqlite, openSqlite, type SqliteDb } from './db/sqlite.js';
import { defaultWorkflow, type Workflow, workflowSchema } from './domain/workflow.js';
import { startScheduler } from './jobs/scheduler.js';
import { createLogger, type Logger } from './logger.js';
import { loadClassificationData } from './services/classification-data.js';
import { isEmptyLibrary, loadDemoLibrary, readDemoLibrary } from './services/demo.js';
import { loadDocsAssets } from './services/docs-assets.js';
import { Enricher } from './services/enrichment/enricher.js';
import type { Fetch } from './services/enrichment/http.js';

export interface NodeContext {
  deps: Deps;
  db: SqliteDb;
  close(): void;
}

/** Settings, database (migrated) and dependencies: what the server and every CLI command need. */
export function openNodeContext(env: Record<string, string | undefined> = process.env, logger?: Logger): NodeContext {
  const config = parseConfig(env);
  const log = logger ?? createLogger(config.LOG_LEVEL);
  const workflow = readWorkflow(config);
  const db = openSqlite(config.DATABASE_PATH);
  migrateSqlite(db);
  const base = {
    db,
    config,
    clock: () => new Date(),
    workflow,
    logger: log,
    classification: loadClassificationData(),
    fetch: keepAliveFetch(config),
  };
  const deps: Deps = { ...base, enricher: new Enricher(base) };
  return { deps, db, close: () => db.close() };
}

/** fetch over one keep-alive connection pool, so provider requests do not each pay a TLS handshake. */
function keepAliveFetch(config: Config): Fetch {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: config.ENRICH_CONCURRENCY * 2 });
  return (url, init) => undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
}

function readWorkflow(config: Config): Workflow {
  if (!config.WORKFLOW_FILE) return defaultWorkflow;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(config.WORKFLOW_FILE, 'utf8'));
  } catch (error) {
    throw new ConfigError(`WORKFLOW_FILE: cannot read ${config.WORKFLOW_FILE}: ${(error as Error).message}`);
  }
  const parsed = workflowSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`WORKFLOW_FILE ${config.WORKFLOW_FILE} is not a valid workflow:\n${lines.join('\n')}`);
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
  const context = openNodeContext(options.env);
  const { deps } = context;
  let demoLoaded = false;
  if (options.demo && (await isEmptyLibrary(deps))) {
    await loadDemoLibrary(deps, readDemoLibrary());
    demoLoaded = true;
  }
  const app = createApp({ ...deps, docsAssets: loadDocsAssets() });
  const server = serve({ fetch: app.fetch, port: deps.config.PORT, hostname: deps.config.HOST });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const scheduler = startScheduler(deps);
  const port = (server.address() as AddressInfo).port;
  const host = deps.config.HOST === '0.0.0.0' || deps.config.HOST === '::' ? 'localhost' : deps.config.HOST;
  return {
    url: `http://${host}:${port}`,
    port,
    context,
    demoLoaded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(async () => {
          await scheduler.stop();
          context.close();
          resolve();
        });
        // Keep-alive connections would hold close() open; they carry no unfinished work here.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
