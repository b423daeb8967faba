// Every setting the service reads, in one zod schema, parsed once at start. A bad value stops
// the service with a message naming the variable. Defaults make `npm start` work offline on a
// laptop. Reads from a plain object, so the Workers entry passes its `env` the same way.
import { z } from 'zod';
import { PATRON_CATEGORIES, type PatronCategory } from './db/schema.js';
import { ALLOCATION_PARTS, type AllocationPart, defaultAllocation } from './domain/allocation.js';
import { CATALOGUE_PLACEHOLDERS } from './domain/catalogue-link.js';
import { SCHEMES } from './domain/classification.js';
import { parseStudentsPerCopy, type StudentsPerCopy } from './domain/course.js';
import { LOCALES } from './domain/locale.js';
import { type ItemTypes, ORDER_PROFILES } from './domain/order-profiles.js';
import { FORMATS, type Format } from './db/schema.js';

/**
 * Where the client's address comes from: the socket (Node, no proxy); X-Forwarded-For behind
 * `hops` proxies of the library's own, each of which appends the address it saw, so the one
 * `hops` from the right is the client's and anything to its left is whatever the client wrote;
 * or Cloudflare's CF-Connecting-IP, which Cloudflare sets and clients cannot (Workers).
 */
export type AddressSource = { from: 'socket' } | { from: 'forwarded'; hops: number } | { from: 'cloudflare' };

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const locationPatterns = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) =>
      text
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean),
    );

// A code the library's ILS knows (a branch, a shelving location, a vendor): written into order
// records, so nothing that would end a MARC field or subfield.
const ilsCode = z
  .string()
  .max(60)
  .regex(/^[^\x00-\x1f\x7f]+$/, 'a code with no control characters')
  .optional();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const folioId = z.string().regex(UUID, "FOLIO's id, a UUID such as 168f8a86-d26c-406e-813f-c7527f241ac3");

const settings = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/r2b.sqlite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** where people reach the service, for links in messages and digests and problem types; unset: this machine at PORT */
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** when the running service takes a backup into BACKUP_DIR (cron, UTC); none when unset */
  BACKUP_CRON: z.string().min(9).optional(),
  BACKUP_DIR: z.string().min(1).default('./data/backups'),
  /** backups kept in BACKUP_DIR: the oldest beyond this many are removed after each new one */
  BACKUP_KEEP: z.coerce.number().int().min(1).default(14),
  /** a bearer token the Prometheus scraper sends for GET /metrics (admin tokens work too); at least 32 characters */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  DEFAULT_LOCALE: z.enum(LOCALES).default('en'),

  // Identity provider: patrons may present a JWT it signed instead of an API token.
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters (256 bits) for HS256').optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  /** the longest an identity token is accepted after it was issued (iat), whatever its exp says */
  AUTH_JWT_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 3600),
  /**
   * the identity provider's authorization endpoint: /signin/library sends the patron there
   * (OpenID Connect, response_type=id_token, response_mode=form_post) and it posts the ID
   * token back to /signin
   */
  AUTH_LOGIN_URL: z.url().optional(),
  /** the client id the identity provider knows this service by, sent as client_id */
  AUTH_CLIENT_ID: z.string().min(1).optional(),
  /** the ILS's patron category codes mapped to ours, e.g. "FAC=faculty,PG=graduate,UG=undergraduate" */
  PATRON_CATEGORY_MAP: z
    .string()
    .default('')
    .transform((text, ctx) => parseCategoryMap(text, ctx)),

  /**
   * Shelving locations that mark a loan as inter-library (books borrowed from other libraries for
   * patrons here) or as course reserve: comma-separated parts of the loan's location, matched
   * case-insensitively ("Summit3" marks "Summit3 Long Loan"). Read by the loan import.
   */
  ILL_LOCATIONS: locationPatterns(''),
  RESERVE_LOCATIONS: locationPatterns('reserve'),

  /** the formats a patron may ask for, in the form's order; each one the service knows (schema.ts FORMATS) */
  FORMATS: z
    .string()
    .default('print,ebook,audiobook')
    .transform((text, ctx) => {
      const names = [
        ...new Set(
          text
            .split(',')
            .map((n) => n.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = names.filter((n) => !(FORMATS as readonly string[]).includes(n));
      if (unknown.length || names.length === 0)
        ctx.addIssue({
          code: 'custom',
          message: `${unknown.length ? `unknown format(s) ${unknown.join(', ')}` : 'no format'}; use some of ${FORMATS.join(', ')}`,
        });
      return names as Format[];
    }),
  /** where patrons may collect what they asked for: CODE=Name pairs (the code as the ILS knows the branch); the form asks only when there are two or more */
  PICKUP_BRANCHES: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const branches: { code: string; name: string }[] = [];
      for (const [pair, code, name] of pairs(text)) {
        if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code) || branches.some((b) => b.code === code)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${pair}" should be CODE=Name, the code letters, digits, . _ or - (at most 40) and not given twice`,
          });
          continue;
        }
        branches.push({ code, name: name || code });
      }
      return branches;
    }),
  // Koha-style limits; 0 means no limit.
  SUGGEST_MAX_OPEN: count(10),
  SUGGEST_MAX_RECENT: count(20),
  SUGGEST_RECENT_DAYS: z.coerce.number().int().min(1).default(30),
  // Brakes on scripts and guessing, per minute; 0 turns one off.
  /** suggestion posts per caller (the token or patron authenticated, API and form alike), counting refused ones */
  RATE_LIMIT_INTAKE_PER_MINUTE: count(60),
  /** sign-in attempts per client address */
  RATE_LIMIT_SIGNIN_PER_MINUTE: count(10),
  /**
   * where the client's address comes from: the socket (false), X-Forwarded-For as appended by
   * this many proxies of the library's own (true is one), or Cloudflare's CF-Connecting-IP
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(?:false|true|cloudflare|[1-9]\d?)$/,
      'use false, true, the number of proxies in front (1-99), or cloudflare',
    )
    .default('false')
    .transform((v): AddressSource => {
      if (v === 'false') return { from: 'socket' };
      if (v === 'cloudflare') return { from: 'cloudflare' };
      return { from: 'forwarded', hops: v === 'true' ? 1 : Number(v) };
    }),

  /** largest JSON body accepted, in bytes */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  // Metadata providers (docs/enrichment.md).
  OPENLIBRARY_URL: z.url().default('https://openlibrary.org'),
  GOOGLE_BOOKS_URL: z.url().default('https://www.googleapis.com/books/v1'),
  GOOGLE_BOOKS_API_KEY: z.string().min(1).optional(),
  /** the order providers are asked in; a field comes from the first that has it */
  ENRICH_PROVIDERS: z
    .string()
    .default('holdings,openlibrary,googlebooks')
    .transform((text, ctx) => {
      const names = text
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !['holdings', 'openlibrary', 'googlebooks'].includes(n));
      if (unknown.length)
        ctx.addIssue({
          code: 'custom',
          message: `unknown provider(s) ${unknown.join(', ')}; use holdings, openlibrary, googlebooks`,
        });
      return names;
    }),
  /** an address providers can write to about our traffic, sent in the User-Agent (Open Library asks for one) */
  ENRICH_CONTACT: z.string().min(3).optional(),
  ENRICH_TIMEOUT_MS: z.coerce.number().int().min(100).default(8000),
  ENRICH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** requests in flight to each provider at once */
  ENRICH_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** ISBNs asked of Open Library in one request */
  ENRICH_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(50),
  ENRICH_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  ENRICH_BREAKER_COOLDOWN_SECONDS: z.coerce.number().int().min(1).default(60),
  ENRICH_CACHE_DAYS: z.coerce.number().min(0).default(30),
  ENRICH_NOT_FOUND_CACHE_DAYS: z.coerce.number().min(0).default(3),
  /** how long the suggestion form's lookup waits for a live answer */
  LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(100).default(1500),
  /** when the enrichment job runs (node-cron, with seconds) */
  ENRICH_CRON: z.string().default('*/10 * * * * *'),

  // Messages to requesters and staff (docs/notifications.md).
  /** the library's name in messages */
  LIBRARY_NAME: z.string().min(1).default('the library'),
  /** the catalogue's page for a book the library holds: {isbn} stands for its ISBN-13, {record} for the ILS's record id */
  CATALOGUE_URL: z
    .url({ protocol: /^https?$/ })
    .refine(
      (url) => CATALOGUE_PLACEHOLDERS.some((p) => url.includes(p)),
      'must contain {isbn} (where the ISBN-13 goes) or {record} (where the ILS record id goes)',
    )
    .optional(),
  SMTP_URL: z.url().optional(),
  /** Workers, which cannot speak SMTP: an HTTP endpoint each message is POSTed to as JSON (docs/notifications.md) */
  MAIL_RELAY_URL: z.url().optional(),
  /** sent to MAIL_RELAY_URL as "Authorization: Bearer …" (a Wrangler secret) */
  MAIL_RELAY_TOKEN: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('library@localhost'),
  /** where every status event is POSTed, signed with WEBHOOK_SECRET */
  WEBHOOK_URL: z.url().optional(),
  WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** when queued messages are delivered (node-cron, with seconds) */
  DELIVER_CRON: z.string().default('*/5 * * * * *'),
  /** failed deliveries before a message is marked dead for an admin to look at */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  /** how long a delivery run holds the messages it took; those of a run that died go again after it */
  NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(1).default(300),
  /** selectors hear of titles waiting in review longer than this */
  REVIEW_REMINDER_DAYS: z.coerce.number().int().min(1).default(7),
  /** when selectors get their notice of new and waiting suggestions */
  STAFF_NOTICE_CRON: z.string().default('0 0 8 * * *'),

  /** when department digests go out (node-cron; five fields are minutes to weekdays, UTC) */
  DIGEST_CRON: z.string().default('0 7 * * 1'),
  /** send a department's digest even when nothing was asked or decided in the period */
  DIGEST_SEND_QUIET: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),

  // The fund allocation (docs/allocation.md).
  /** the months of loans and purchases the allocation looks at, ending with the last complete month */
  ALLOCATION_WINDOW_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** how much a department's share of loans, of the budgets now and of the spend count */
  ALLOCATION_WEIGHTS: z
    .string()
    .default(
      Object.entries(defaultAllocation.weights)
        .map(([part, weight]) => `${part}=${weight}`)
        .join(','),
    )
    .transform((text, ctx) => parseAllocationWeights(text, ctx)),
  /** how far the use factor nudges a department's share: × use factor^this; 0 turns it off */
  ALLOCATION_USE_FACTOR: z.coerce.number().min(0).max(1).default(defaultAllocation.useFactor),
  /** what every department is guaranteed, as a fraction of an equal share; 0 turns the floor off */
  ALLOCATION_FLOOR: z.coerce.number().min(0).max(1).default(defaultAllocation.floor),

  /**
   * the scheme the library's call numbers are in, where a column or record does not say (auto:
   * each is read by its shape); read by the loan and holdings imports
   */
  CLASSIFICATION_SCHEME: z
    .enum(['auto', ...SCHEMES])
    .default('auto')
    .transform((v) => (v === 'auto' ? undefined : v)),
  /**
   * the MARC field that holds one copy each in the library's exports, with the subfields its call
   * number is made of ("995$k" for Koha's UNIMARC items, "999$a" for SirsiDynix): read before the
   * fields the holdings import knows (949, 952; dp2's 906 in UNIMARC)
   */
  HOLDINGS_ITEM_FIELD: z
    .string()
    .regex(/^[0-9A-Za-z]{3}(?:\$[0-9a-z])+$/, 'a tag and the subfields of its call number, such as 906$d$e or 995$k')
    .optional()
    .transform((v) => (v ? { tag: v.slice(0, 3), codes: v.slice(4).split('$') } : undefined)),
  /** largest file accepted by the import endpoints, in bytes (the r2b command has no limit) */
  IMPORT_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  /** the currency budgets are kept in (ISO 4217); prices in another currency are not compared with them */
  LIBRARY_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a currency code such as USD, GBP, CNY')
    .default('USD'),
  /**
   * copies a course's reading list calls for: students per copy by importance, e.g.
   * "essential:10,recommended:25,optional:0" (0: no copy beyond the first); an importance left out keeps its default
   */
  READING_LIST_STUDENTS_PER_COPY: z
    .string()
    .default('')
    .transform((text, ctx): StudentsPerCopy => {
      const parsed = parseStudentsPerCopy(text);
      if (parsed.ok) return parsed.value;
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
  // Order records for the ILS (docs/buylist.md).
  /** the ILS whose loader the MARC order records are written for, when a download names none */
  ORDER_PROFILE: z.enum(ORDER_PROFILES).default('evergreen'),
  /** the fund of a title no department pays for, in a list that is not a fund's or a department's */
  ORDER_DEFAULT_FUND: ilsCode,
  /** the branch that will own the copies: Evergreen's org unit short name, Koha's branch code */
  ORDER_OWNING_LIBRARY: ilsCode,
  /** the shelving location of the new copies: Evergreen's copy location, Koha's LOC code */
  ORDER_COPY_LOCATION: ilsCode,
  /** the ILS's item type by requested format, e.g. "print=BK,ebook=EBOOK": Koha's itype, Evergreen's circ modifier */
  ORDER_ITEM_TYPES: z
    .string()
    .default('')
    .transform((text, ctx) => parseItemTypes(text, ctx)),
  /** the vendor's code in the ILS, for FOLIO's order import (980 $v) */
  ORDER_VENDOR: ilsCode,
  /** the local field that carries the order in CNMARC records */
  ORDER_CNMARC_TAG: z
    .string()
    .regex(/^9\d\d$/, 'a local field, 900 to 999')
    .default('970'),
  /** FOLIO's id of the vendor (an organization), for the composite purchase order */
  FOLIO_VENDOR_ID: folioId.optional(),
  /** FOLIO's id of the acquisition method; by default FOLIO's own "Purchase" */
  FOLIO_ACQUISITION_METHOD_ID: folioId.default('df26d81b-9d63-4ff8-bf41-49bf75cfa70e'),
  /** FOLIO's id of each fund code, e.g. "CS-MONO=63157e96-0693-426d-b0df-948bacdfdb08,HUM-MONO=…" */
  FOLIO_FUND_IDS: z
    .string()
    .default('')
    .transform((text, ctx) => parseFolioFunds(text, ctx)),

  // The ILS approved titles are sent to, and read back from (see docs/ils.md).
  /** the library's ILS: approved titles become its suggestions, orders or PO lines; none keeps them here */
  ILS: z.enum(['none', 'koha', 'folio', 'alma']).default('none'),
  /** the ILS's API base: Koha's staff interface, FOLIO's Okapi or gateway, Alma's regional API host */
  ILS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Koha: the staff user (with suggestions_manage, and reserveforothers for holds) for HTTP basic auth */
  ILS_USERNAME: z.string().min(1).optional(),
  ILS_PASSWORD: z.string().min(1).optional(),
  /** Koha: an approved title becomes a purchase suggestion, or an order line in the basket the ILS map names (docs/ils.md) */
  KOHA_MODE: z.enum(['suggestion', 'order']).default('suggestion'),
  /** FOLIO: the tenant id and an Okapi token (X-Okapi-Tenant, X-Okapi-Token) */
  ILS_TENANT: z.string().min(1).optional(),
  ILS_TOKEN: z.string().min(1).optional(),
  /** Alma: an API key with Acquisitions read/write (and Users read/write for holds) */
  ILS_API_KEY: z.string().min(1).optional(),
  /** a JSON file mapping our funds, formats and branch to the ILS's ids (docs/ils.md) */
  ILS_MAP_FILE: z.string().min(1).optional(),
  /** the status whose titles are sent to the ILS */
  ILS_PUSH_STATUS: z.string().min(1).default('approved'),
  /** when approved titles are sent (node-cron, with seconds) */
  ILS_PUSH_CRON: z.string().default('*/30 * * * * *'),
  /** when the ILS's statuses are read back */
  ILS_SYNC_CRON: z.string().default('0 */10 * * * *'),
  /** failed sends before a title's push is marked dead for an admin to retry */
  ILS_PUSH_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  /** how long one request to the ILS may take */
  ILS_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  /** how long a push run holds the titles it took; those of a run that died go again after it */
  ILS_LEASE_SECONDS: z.coerce.number().int().min(1).default(300),

  /** a JSON file with the scoring weights (docs/ranking.md) */
  SCORING_FILE: z.string().min(1).optional(),
  /** a JSON file assigning selectors their disciplines and call-number ranges */
  SELECTORS_FILE: z.string().min(1).optional(),
  /** when rescoring runs for titles that changed (node-cron, with seconds) */
  RESCORE_CRON: z.string().default('*/10 * * * * *'),
  /** a JSON file with the library's statuses, moves and reasons (docs/api.md, the workflow) */
  WORKFLOW_FILE: z.string().min(1).optional(),
  // Workers have no files: the same JSON as the three files above, given as the value itself.
  WORKFLOW_JSON: z.string().min(2).optional(),
  SCORING_JSON: z.string().min(2).optional(),
  SELECTORS_JSON: z.string().min(2).optional(),
  ILS_MAP_JSON: z.string().min(2).optional(),
});

// Unset, the public address is the one `npm start` prints: links and problem types then follow
// PORT and HOST instead of pointing at a port nothing listens on.
const withPublicAddress = settings.superRefine(ilsCredentials).transform((s) => ({
  ...s,
  PUBLIC_BASE_URL: s.PUBLIC_BASE_URL ?? localUrl(s.HOST, s.PORT),
}));

export type Config = z.output<typeof withPublicAddress>;

/** An ILS named needs its address and the credentials its API takes. */
function ilsCredentials(s: z.output<typeof settings>, ctx: z.RefinementCtx): void {
  if (s.ILS === 'none') return;
  const needed = { koha: ['ILS_USERNAME', 'ILS_PASSWORD'], folio: ['ILS_TENANT', 'ILS_TOKEN'], alma: ['ILS_API_KEY'] }[
    s.ILS
  ];
  for (const name of ['ILS_URL', ...needed] as const) {
    if (!s[name as keyof typeof s])
      ctx.addIssue({ code: 'custom', path: [name], message: `required when ILS is ${s.ILS}` });
  }
}

/** How a browser on this machine reaches a server listening on HOST and PORT. */
export function localUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (FOO= in a .env file) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = withPublicAddress.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(settings)'}: ${issue.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * A Map, not an object: the codes come from outside (a loan export, a JWT claim), and a code
 * such as "constructor" or "__proto__" must find nothing rather than Object.prototype's.
 */
function parseCategoryMap(text: string, ctx: z.RefinementCtx): ReadonlyMap<string, PatronCategory> {
  const map = new Map<string, PatronCategory>();
  for (const [pair, from, to] of pairs(text)) {
    if (!from || !to || !(PATRON_CATEGORIES as readonly string[]).includes(to)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" should be CODE=category with category one of ${PATRON_CATEGORIES.join(', ')}`,
      });
      continue;
    }
    map.set(from, to as PatronCategory);
  }
  return map;
}

/** "print=BK,ebook=EBOOK": the ILS's item type for each format patrons can ask for. */
function parseItemTypes(text: string, ctx: z.RefinementCtx): ItemTypes {
  const types = new Map<Format, string>();
  for (const [pair, format, code] of pairs(text)) {
    if (!(FORMATS as readonly string[]).includes(format) || !code || /[\x00-\x1f\x7f]/.test(code)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" should be FORMAT=code, with FORMAT one of ${FORMATS.join(', ')}`,
      });
      continue;
    }
    types.set(format as Format, code);
  }
  return types;
}

/** "CS-MONO=63157e96-…": a Map, as fund codes come from the departments file. */
function parseFolioFunds(text: string, ctx: z.RefinementCtx): ReadonlyMap<string, string> {
  const funds = new Map<string, string>();
  for (const [pair, code, id] of pairs(text)) {
    if (!code || !UUID.test(id)) {
      ctx.addIssue({ code: 'custom', message: `"${pair}" should be FUND=id, the id a UUID as FOLIO shows it` });
      continue;
    }
    funds.set(code, id.toLowerCase());
  }
  return funds;
}

/** The KEY=value pairs of a comma-separated setting, each with the text it came from. */
function pairs(text: string): [pair: string, key: string, value: string][] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, pair, ''] : [pair, pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    });
}

/** "loans=0.5,budget=0.3,spend=0.2": a part left out weighs nothing. */
function parseAllocationWeights(text: string, ctx: z.RefinementCtx): Record<AllocationPart, number> {
  const weights: Record<AllocationPart, number> = { loans: 0, budget: 0, spend: 0 };
  for (const [pair, part, value] of pairs(text)) {
    const weight = Number(value);
    if (
      !(ALLOCATION_PARTS as readonly string[]).includes(part) ||
      value === '' ||
      !Number.isFinite(weight) ||
      weight < 0
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" should be PART=weight, with PART one of ${ALLOCATION_PARTS.join(', ')} and a weight of 0 or more`,
      });
      continue;
    }
    weights[part as AllocationPart] = weight;
  }
  if (Object.values(weights).every((w) => w === 0))
    ctx.addIssue({ code: 'custom', message: 'give at least one of loans, budget, spend a weight above 0' });
  return weights;
}
