// What every request handler can reach: the dependencies passed to createApp, and who is
// asking. Handlers read these from the Hono context, never from module-level singletons, so
// tests and the Workers entry build the same app with their own parts.
import type { Config } from './config.js';
import type { Db } from './db/db.js';
import type { ClassificationData } from './domain/classification.js';
import type { ScoringConfig } from './domain/scoring.js';
import type { Selectors } from './domain/selectors.js';
import type { PatronCategory, Role } from './db/schema.js';
import type { Workflow } from './domain/workflow.js';
import type { Logger } from './logger.js';
import type { Authenticator } from './services/auth.js';
import type { RateLimits } from './services/rate-limit.js';
import type { BrowserSession } from './services/sessions.js';
import type { Locale } from './domain/locale.js';
import type { Enricher } from './services/enrichment/enricher.js';
import type { Fetch } from './services/enrichment/http.js';
import type { Mailer } from './services/notifications/mailer.js';
import type { IlsMap } from './services/ils/map.js';

export type Clock = () => Date;

export interface DocsAssets {
  /** file name (swagger-ui-bundle.js, swagger-ui.css) to its text */
  get(name: string): string | undefined;
}

export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  workflow: Workflow;
  logger: Logger;
  /** the weights and windows of the demand score */
  scoring: ScoringConfig;
  /** which disciplines and call-number ranges each selector looks after */
  selectors: Selectors;
  /** the discipline taxonomy and the call-number maps that reach it */
  classification: ClassificationData;
  /** HTTP to metadata providers: undici with keep-alive on Node, the platform's on Workers */
  fetch: Fetch;
  /** mail to requesters and staff; undefined when no SMTP_URL is set (messages wait in the outbox) */
  mailer?: Mailer;
  /** what the library's ILS calls our funds, formats and branch (ILS_MAP_FILE); empty when unset */
  ilsMap?: IlsMap;
  /** the metadata providers, with their caches and circuit breakers (one per process) */
  enricher: Enricher;
  /** the API reference page's scripts, served locally so /docs works offline */
  docsAssets?: DocsAssets;
  /** the Prometheus exposition (GET /metrics); undefined where the platform measures instead (Workers) */
  metrics?: Metrics;
  /** people the sign-in page offers with one click: the demo library's patrons and staff */
  signInChoices?: SignInChoice[];
}

/** What the service counts as it runs, and shows at GET /metrics. */
export interface Metrics {
  /** one answered request, by its route's pattern (never the path: an id is not a label) */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** a scheduled job's run: its name, how long it took, whether it threw */
  observeJob(name: string, seconds: number, ok: boolean): void;
  /** the exposition in the Prometheus text format, with the figures read now */
  render(deps: Deps): Promise<{ contentType: string; body: string }>;
}

export interface SignInChoice {
  token: string;
  name: string;
  role: Role;
  department: string | null;
  category: PatronCategory;
}

export interface PatronIdentity {
  id: number;
  externalId: string;
  email: string | null;
  displayName: string | null;
  departmentCode: string | null;
  category: 'faculty' | 'graduate' | 'undergraduate' | 'staff' | 'public';
  locale: string;
  webhookUrl: string | null;
}

export interface Principal {
  role: Role;
  /** the person behind the token or JWT; system tokens have none */
  patron: PatronIdentity | null;
  /** the department a liaison speaks for */
  departmentCode: string | null;
  /** "token:3", "patron:12": who did it, as written into the audit trail */
  actor: string;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    /** who is asking: set by authentication (API) or by the browser's session (pages) */
    principal: Principal;
    authenticator: Authenticator;
    limits: RateLimits;
    /** this request's id: in its log line, its X-Request-Id header and any problem it answers */
    requestId: string;
    /** pages only: the browser's session, if signed in, and the language the page is in */
    session: BrowserSession | null;
    locale: Locale;
  };
};
