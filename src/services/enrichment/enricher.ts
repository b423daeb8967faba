// Enrichment: what is known of a set of ISBNs, asked of the providers in the library's order
// (ENRICH_PROVIDERS), each answer cached, the answers merged. A provider that fails is noted,
// not fatal: the caller keeps what the others said and tries the missing one again later.
import type { Config } from '../../config.js';
import type { Clock, Enricher, Enrichment, Fetch, Held, Proposal } from '../../context.js';
import type { Db } from '../../db/db.js';
import { runAtomic } from '../../db/db.js';
import type { ClassificationData } from '../../domain/classification.js';
import { classKeyOf, disciplineOf, type Metadata, mergeMetadata, type ProviderAnswer } from '../../domain/metadata.js';
import { authorSurname, normalizeTitle } from '../../domain/work-key.js';
import type { Logger } from '../../logger.js';
import { cacheStep, readCache } from './cache.js';
import { GoogleBooks } from './googlebooks.js';
import { heldCopies } from './holdings.js';
import { ProviderClient, ProviderFailure, type ProviderPolicy } from './http.js';
import { OpenLibrary } from './openlibrary.js';

export interface EnricherDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  fetch: Fetch;
  classification: ClassificationData;
}

type Remote = OpenLibrary | GoogleBooks;

const DAY_MS = 86_400_000;

export class ProviderEnricher implements Enricher {
  readonly remotes: Map<string, Remote>;
  readonly clients: ProviderClient[];

  constructor(private readonly deps: EnricherDeps) {
    const { config } = deps;
    const policy: ProviderPolicy = {
      timeoutMs: config.ENRICH_TIMEOUT_MS,
      retries: config.ENRICH_RETRIES,
      concurrency: config.ENRICH_CONCURRENCY,
      breakerFailures: config.ENRICH_BREAKER_FAILURES,
      breakerCooldownMs: config.ENRICH_BREAKER_COOLDOWN_SECONDS * 1000,
      userAgent: `recommend-to-buy/0.1 (${config.ENRICH_CONTACT ?? config.PUBLIC_BASE_URL})`,
    };
    const client = (name: string) => new ProviderClient(name, deps.fetch, policy, deps.clock, deps.logger);
    const ol = new OpenLibrary(client('openlibrary'), config.OPENLIBRARY_URL, config.ENRICH_BATCH_SIZE);
    const gb = new GoogleBooks(client('googlebooks'), config.GOOGLE_BOOKS_URL, config.GOOGLE_BOOKS_API_KEY);
    this.remotes = new Map<string, Remote>([
      [ol.name, ol],
      [gb.name, gb],
    ]);
    this.clients = [ol.client, gb.client];
  }

  private get order(): string[] {
    return this.deps.config.ENRICH_PROVIDERS;
  }

  /**
   * What the providers say of each ISBN. The first remote provider is asked about every ISBN;
   * the next only about those still without a title or a price, which is how Google Books
   * stands in for Open Library and supplies the list prices Open Library does not have.
   */
  async enrich(isbn13s: string[], options: { timeoutMs?: number } = {}): Promise<Map<string, Enrichment>> {
    const now = this.deps.clock();
    const answers = new Map<string, ProviderAnswer[]>(isbn13s.map((i) => [i, []]));
    const missing = new Map<string, string[]>(isbn13s.map((i) => [i, []]));
    let held = new Map<string, Held>();
    let firstRemote = true;

    for (const name of this.order) {
      if (name === 'holdings') {
        held = await heldCopies(this.deps.db, isbn13s);
        for (const [isbn, copy] of held) answers.get(isbn)!.push({ provider: 'holdings', metadata: copy.metadata });
        continue;
      }
      const remote = this.remotes.get(name);
      if (!remote) continue;
      const wanted = firstRemote
        ? isbn13s
        : isbn13s.filter((isbn) => {
            const merged = mergeMetadata(answers.get(isbn)!);
            return merged.title === null || merged.listPrice === null;
          });
      firstRemote = false;
      const found = await this.ask(remote, wanted, now, options.timeoutMs);
      for (const isbn of wanted) {
        const metadata = found.get(isbn);
        if (metadata === undefined) missing.get(isbn)!.push(name);
        else if (metadata) answers.get(isbn)!.push({ provider: name, metadata });
      }
    }

    const out = new Map<string, Enrichment>();
    for (const isbn of isbn13s) {
      const list = answers.get(isbn)!;
      const metadata = list.length ? mergeMetadata(list) : null;
      const copy = held.get(isbn) ?? null;
      out.set(isbn, {
        metadata,
        held: copy,
        discipline: (metadata && disciplineOf(metadata, this.deps.classification)) ?? copy?.discipline ?? null,
        classKey: classKeyOf(metadata, this.deps.classification, copy?.callNumber),
        missing: missing.get(isbn)!,
      });
    }
    return out;
  }

  /**
   * An edition for a title suggested without an ISBN, for staff to confirm: the first search
   * result whose title and first author match what the patron typed.
   */
  async propose(
    title: string,
    author: string | null,
    options: { timeoutMs?: number } = {},
  ): Promise<Proposal | null | 'unavailable'> {
    const google = this.remotes.get('googlebooks') as GoogleBooks | undefined;
    if (!google || !this.order.includes('googlebooks')) return null;
    const key = `googlebooks:search:${normalizeTitle(title)}|${authorSurname(author ?? '')}`;
    const now = this.deps.clock();
    const cached = await readCache(this.deps.db, [key], now);
    let candidate: Metadata | null | undefined = cached.get(key);
    if (candidate === undefined) {
      try {
        const results = await google.search(title, author, options.timeoutMs);
        const wantedTitle = normalizeTitle(title);
        const wantedAuthor = authorSurname(author ?? '');
        candidate =
          results.find(
            (r) =>
              normalizeTitle(r.metadata.title ?? '') === wantedTitle &&
              (!wantedAuthor || r.metadata.authors.some((a) => authorSurname(a) === wantedAuthor)),
          )?.metadata ?? null;
        await runAtomic(this.deps.db, [cacheStep('googlebooks', [[key, candidate]], now, this.ttl)]);
      } catch (error) {
        if (error instanceof ProviderFailure) return 'unavailable';
        throw error;
      }
    }
    return candidate?.isbn13s[0]
      ? { isbn13: candidate.isbn13s[0], provider: 'googlebooks', metadata: candidate }
      : null;
  }

  /** One remote provider's answers: cached ones, then the rest fetched and cached. Absent: not asked. */
  private async ask(
    remote: Remote,
    isbn13s: string[],
    now: Date,
    timeoutMs?: number,
  ): Promise<Map<string, Metadata | null>> {
    const keyOf = (isbn: string) => `${remote.name}:${isbn}`;
    const cached = await readCache(this.deps.db, isbn13s.map(keyOf), now);
    const out = new Map<string, Metadata | null>();
    const toFetch: string[] = [];
    for (const isbn of isbn13s) {
      const hit = cached.get(keyOf(isbn));
      if (hit === undefined) toFetch.push(isbn);
      else out.set(isbn, hit);
    }
    if (toFetch.length === 0) return out;
    try {
      const fetched = await remote.lookup(toFetch, timeoutMs);
      for (const [isbn, metadata] of fetched) out.set(isbn, metadata);
      await runAtomic(this.deps.db, [
        cacheStep(
          remote.name,
          [...fetched].map(([isbn, metadata]) => [keyOf(isbn), metadata]),
          now,
          this.ttl,
        ),
      ]);
    } catch (error) {
      if (!(error instanceof ProviderFailure)) throw error;
      this.deps.logger.debug('provider unavailable for this batch', { provider: remote.name, error: error.message });
    }
    return out;
  }

  private get ttl() {
    return {
      foundMs: this.deps.config.ENRICH_CACHE_DAYS * DAY_MS,
      missingMs: this.deps.config.ENRICH_NOT_FOUND_CACHE_DAYS * DAY_MS,
    };
  }
}
