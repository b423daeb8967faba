// What every request handler can reach: the dependencies passed to createApp, and who is
// asking. Handlers read these from the Hono context, never from module-level singletons, so
// tests and the Workers entry build the same app with their own parts. The interfaces the
// services implement live here, so this file imports no service and no service cycle runs
// through it.
import type { Config } from './config.js';
import type { Db } from './db/db.js';
import type { ClassificationData } from './domain/classification.js';
import type { Locale } from './domain/locale.js';
import type { MergedMetadata, Metadata } from './domain/metadata.js';
import type { ScoringConfig } from './domain/scoring.js';
import type { Selectors } from './domain/selectors.js';
import type { PatronCategory, Role } from './db/schema.js';
import type { Workflow } from './domain/workflow.js';
import type { Logger } from './logger.js';
import type { IlsMap } from './domain/ils-map.js';

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

/** HTTP to metadata providers and webhooks: undici with keep-alive on Node, the platform's on Workers. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** One message as it leaves the service. */
export interface OutgoingMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** derived from the message's dedupe key: a resend after a crash is the same message */
  messageId: string;
}

/** The one place mail leaves the service: SMTP on Node (services/notifications/smtp.ts), an HTTP relay on Workers. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** Who is asking, from a bearer token, an ID token or a browser session (services/access/auth.ts). */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** An API token, as pasted or chosen on the sign-in page. */
  signInWithToken(token: string): Promise<{ principal: Principal; tokenId: number }>;
  /**
   * The identity provider's ID token, posted back to a sign-in this browser started: it must
   * carry the nonce the start sent, so a token issued for another sign-in (someone else's,
   * replayed) signs nobody in.
   */
  signInWithIdToken(jwt: string, nonce: string): Promise<Principal>;
  /** Who a browser session speaks for, or null when its token was revoked since. */
  sessionPrincipal(session: { tokenId: number | null; patronId: number | null }): Promise<Principal | null>;
}

/** A brake on one kind of request (services/access/rate-limit.ts). */
export interface Limiter {
  /** Takes one request's token: 0 when it may pass, else the seconds until it may. */
  take(key: string): number;
}

/** The brakes of one app: suggestions per caller, sign-in attempts per address. */
export interface RateLimits {
  intake: Limiter;
  signIn: Limiter;
}

/** A signed-in browser (services/access/sessions.ts). */
export interface BrowserSession {
  principal: Principal;
  /** the token every form of this session must send back */
  csrf: string;
}

/** What the library's own catalogue holds of an ISBN (services/enrichment/holdings.ts). */
export interface Held {
  items: number;
  callNumber: string | null;
  location: string | null;
  /** "QA76.76.D47 F63 2005, Main Library 3rd floor": what the requester is told */
  where: string;
  discipline: string | null;
  metadata: Metadata;
  /** the ILS's id of the record with the most copies, when the import knew it */
  recordId: string | null;
}

/** What the providers, together, say of one ISBN. */
export interface Enrichment {
  metadata: MergedMetadata | null;
  held: Held | null;
  discipline: string | null;
  /** its narrow class number, for the narrow-class evidence */
  classKey: string | null;
  /** providers that could not be asked this time: ask again later */
  missing: string[];
}

/** The ISBN a provider's search suggests for a title typed without one. */
export interface Proposal {
  isbn13: string;
  provider: string;
  metadata: Metadata;
}

/** One metadata provider as the metrics see it. */
export interface ProviderStatus {
  readonly name: string;
  /** requests asked of the provider since start, and those that failed */
  readonly calls: number;
  readonly failures: number;
  readonly breaker: { readonly state: 'closed' | 'open' | 'half-open' };
}

/** The metadata providers, with their caches and circuit breakers (services/enrichment/enricher.ts). */
export interface Enricher {
  enrich(isbn13s: string[], options?: { timeoutMs?: number }): Promise<Map<string, Enrichment>>;
  /** 'unavailable' when the provider could not be asked: try again later */
  propose(
    title: string,
    author: string | null,
    options?: { timeoutMs?: number },
  ): Promise<Proposal | null | 'unavailable'>;
  readonly clients: readonly ProviderStatus[];
}
