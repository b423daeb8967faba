// A real HTTP server on 127.0.0.1 that answers as Open Library and Google Books did, from the
// recorded response bodies in fixtures/providers, and misbehaves on request: slow, failing,
// rate-limiting, hanging, or talking nonsense. Tests point OPENLIBRARY_URL and GOOGLE_BOOKS_URL
// at it (…/openlibrary, …/google).
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toIsbn13 } from '../../src/domain/isbn.js';
import { normalizeTitle } from '../../src/domain/work-key.js';

const FIXTURES = new URL('../../fixtures/providers/', import.meta.url).pathname;

export interface Faults {
  /** added to every answer */
  latencyMs: number;
  /** answer this many requests with 500 */
  fail: number;
  /** answer this many requests with 429 and Retry-After: 1 */
  rateLimit: number;
  /** never answer */
  hang: boolean;
  /** answer 200 with a body that is not JSON ('text') or JSON of the wrong shape ('shape') */
  garbage: false | 'text' | 'shape';
}

export interface ReplayServer {
  url: string;
  /** every request, in order: which provider, and the path with its query */
  requests: { provider: 'openlibrary' | 'google'; path: string }[];
  faults: { openlibrary: Faults; google: Faults };
  close(): Promise<void>;
}

const calm = (): Faults => ({ latencyMs: 0, fail: 0, rateLimit: 0, hang: false, garbage: false });

interface OlRecord {
  key: string;
  body: Record<string, unknown>;
}

function loadFixtures() {
  const ol = new Map<string, OlRecord>();
  const gb = new Map<string, unknown>();
  const gbSearch: { title: string; body: unknown }[] = [];
  let gbEmpty: unknown = { kind: 'books#volumes', totalItems: 0 };
  for (const file of readdirSync(FIXTURES)) {
    const body = JSON.parse(readFileSync(FIXTURES + file, 'utf8'));
    if (file.startsWith('ol_')) {
      for (const [key, record] of Object.entries(body as Record<string, Record<string, unknown>>)) {
        const identifiers = (record.identifiers ?? {}) as Record<string, string[]>;
        const isbns = [key.replace(/^ISBN:/, ''), ...(identifiers.isbn_10 ?? []), ...(identifiers.isbn_13 ?? [])];
        for (const isbn of isbns) {
          const isbn13 = toIsbn13(isbn);
          if (isbn13) ol.set(isbn13, { key, body: record });
        }
      }
    } else if (file === 'gb_volumes_q_isbn_empty.json') {
      gbEmpty = body;
    } else if (file.startsWith('gb_')) {
      const isbn = /(\d{13})/.exec(file)![1]!;
      gb.set(isbn, body);
      gbSearch.push({
        title: normalizeTitle((body as { items: { volumeInfo: { title: string } }[] }).items[0]!.volumeInfo.title),
        body,
      });
    }
  }
  return { ol, gb, gbSearch, gbEmpty };
}

export async function startReplayServer(options: { synthesize?: boolean } = {}): Promise<ReplayServer> {
  const recorded = loadFixtures();
  const template = [...recorded.ol.values()][0]!.body;
  const requests: ReplayServer['requests'] = [];
  const faults = { openlibrary: calm(), google: calm() };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const provider = url.pathname.startsWith('/openlibrary/')
      ? 'openlibrary'
      : url.pathname.startsWith('/google/')
        ? 'google'
        : null;
    if (!provider) {
      res.writeHead(404).end();
      return;
    }
    requests.push({ provider, path: url.pathname + url.search });
    const fault = faults[provider];
    if (fault.hang) return;
    const send = (status: number, body: string, headers: Record<string, string> = {}) =>
      setTimeout(
        () => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body),
        fault.latencyMs,
      );
    if (fault.fail > 0) {
      fault.fail--;
      send(500, '{"error":"internal"}');
      return;
    }
    if (fault.rateLimit > 0) {
      fault.rateLimit--;
      send(429, '{"error":"slow down"}', { 'retry-after': '1' });
      return;
    }
    if (fault.garbage === 'text') {
      send(200, '<html><body>502 Bad Gateway</body></html>');
      return;
    }
    if (fault.garbage === 'shape') {
      send(200, provider === 'google' ? '{"totalItems":"many","items":3}' : '["not","a","map"]');
      return;
    }
    send(200, JSON.stringify(provider === 'openlibrary' ? openLibrary(url) : google(url)));
  });

  function openLibrary(url: URL) {
    const answer: Record<string, unknown> = {};
    for (const bibkey of (url.searchParams.get('bibkeys') ?? '').split(',').filter(Boolean)) {
      const isbn13 = toIsbn13(bibkey.replace(/^ISBN:/, ''));
      const record = isbn13 ? recorded.ol.get(isbn13) : undefined;
      if (record) {
        // As recorded: a book catalogued under a bare bibkey comes back keyed without "ISBN:".
        answer[record.key.startsWith('ISBN:') ? bibkey : bibkey.replace(/^ISBN:/, '')] = record.body;
      } else if (options.synthesize && isbn13 && bibkey === `ISBN:${isbn13}`) {
        answer[bibkey] = { ...template, title: `Synthetic title ${isbn13}`, identifiers: { isbn_13: [isbn13] } };
      }
    }
    return answer;
  }

  function google(url: URL) {
    const q = url.searchParams.get('q') ?? '';
    const isbn = /^isbn:(\d{13})$/.exec(q)?.[1];
    if (isbn) return recorded.gb.get(isbn) ?? recorded.gbEmpty;
    const title = /intitle:"([^"]*)"/.exec(q)?.[1];
    const match = title ? recorded.gbSearch.find((s) => s.title === normalizeTitle(title)) : undefined;
    return match?.body ?? recorded.gbEmpty;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Settings that point the service at a replay server. */
export function providerSettings(replay: ReplayServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPENLIBRARY_URL: `${replay.url}/openlibrary`,
    GOOGLE_BOOKS_URL: `${replay.url}/google`,
    ENRICH_PROVIDERS: 'holdings,openlibrary,googlebooks',
    ...extra,
  };
}
