// Every page of the demo library, read in 简体中文 and 繁體中文, holds none of the English the
// catalogs hold: a string left out of a page's translation, or written into a page in English,
// shows here by its key. Book titles, names and the library's own words are data and may be in
// any language; the words of the service are not.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import en, { type Catalog } from '../../src/i18n/en.js';
import { t } from '../../src/i18n/index.js';
import { demoSignInChoices, loadDemoLibrary, readDemoLibrary } from '../../src/demo/library.js';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

const HOLE = '\u0000';
/** Stands for every parameter of a message: prints as a hole, counts as none, is never 1, and
 *  formats as itself (`p.max.toLocaleString('en')` is a hole too). */
const hole: unknown = new Proxy(function () {}, {
  get: (_, key) => (key === Symbol.toPrimitive ? () => HOLE : key === 'length' ? 0 : hole),
  apply: () => hole,
});
const anything = new Proxy({}, { get: () => hole });

interface Piece {
  key: string;
  piece: string;
  /** the piece as a whole word or phrase: "Language" is not in "Languages and Literatures" */
  pattern: RegExp;
}

/** The English pieces of each message (the text between its parameters) that its translation does not share. */
function englishPieces(locale: Locale): Piece[] {
  const out: Piece[] = [];
  for (const key of Object.keys(en) as (keyof Catalog)[]) {
    const say = (l: Locale) => (t as (l: Locale, k: string, p: unknown) => string)(l, key, anything);
    const translated = say(locale);
    for (const raw of say('en').split(HOLE)) {
      const piece = raw.trim().replace(/^[\s,.:;()·–-]+|[\s,.:;()·–-]+$/g, '');
      // Names the translations keep as they are (ISBN, CSV, MARC, API) are not English left over.
      if (piece.length < 4 || !/[a-z]{2}/i.test(piece) || translated.includes(piece)) continue;
      const escaped = piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out.push({ key, piece, pattern: new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, 'u') });
    }
  }
  return out;
}

/**
 * What a reader meets on a page: its text, its title, and what assistive technology reads out.
 * What a page quotes as it is, in code (a file's columns, a command) or as a program's output
 * (the importer's own English, in samp), is not the service speaking.
 */
function readable(html: string): string {
  const attributes = [...html.matchAll(/\s(?:aria-label|alt|title|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = html
    .replace(/<(script|style|code|samp)\b[^>]*>[^]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (entity, code: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' };
      if (code.startsWith('#'))
        return String.fromCodePoint(Number(code.startsWith('#x') ? `0${code.slice(1)}` : code.slice(1)));
      return named[code.toLowerCase()] ?? entity;
    });
  return [...attributes, text].join('\n');
}

/** Names every language writes as they are: identifiers, formats, currencies, the English switch. */
const KEPT_AS_IS = new Set([
  ...['ISBN', 'CSV', 'MARC', 'MARCXML', 'API', 'English', 'US', 'USD', 'ISSN', 'LC', 'SQL', 'MB', 'kB'],
  // The formats' own names: MARC (ISO 2709) in its two flavours.
  ...['ISO', 'UNIMARC', 'CNMARC'],
  // The systems libraries export from, by their own names.
  ...['Koha', 'Alma', 'Analytics', 'FOLIO', 'Evergreen', 'Leganto', 'Talis', 'Aspire', 'ILLiad', 'Tipasa'],
  ...['ReShare', 'OCLC'],
  // Vendors of new-title lists, by their own names.
  ...['GOBI', 'OASIS', 'CNPIEC'],
]);

describe('the pages in Chinese', () => {
  let h: Harness;
  const tokens = {
    patron: 'r2b_demo_patron_meiling',
    selector: 'r2b_demo_selector',
    liaison: 'r2b_demo_liaison_cs',
    admin: 'r2b_demo_admin',
  };

  beforeAll(async () => {
    // Uploads to the imports page are held to 64 kB, so one over the limit is quick to send.
    h = await harness(
      { IMPORT_LIMIT_BYTES: String(64 * 1024) },
      { signInChoices: demoSignInChoices(readDemoLibrary()) },
    );
    await loadDemoLibrary(h.deps, readDemoLibrary());
  });
  afterAll(() => h.close());

  /** Everything the library and its people wrote, in whatever language they wrote it, longest first. */
  function libraryData(): string[] {
    const column = (query: string) =>
      (h.db.sqlite.prepare(query).raw().all() as unknown[][]).flat().filter((v): v is string => typeof v === 'string');
    const metadata = column('SELECT metadata FROM titles WHERE metadata IS NOT NULL').flatMap((json) => {
      const m = JSON.parse(json) as { title?: string; subtitle?: string; authors?: string[]; publisher?: string };
      return [m.title, m.subtitle, m.publisher, ...(m.authors ?? [])].filter((v): v is string => Boolean(v));
    });
    return [
      ...column('SELECT title, author FROM titles'),
      ...column(`SELECT h.call_number, h.location FROM holdings h JOIN holding_isbns i ON i.holding_id = h.id
                 WHERE i.isbn13 IN (SELECT isbn13 FROM titles)`),
      ...column('SELECT reason, given_title, given_author FROM suggestions'),
      ...column('SELECT code, name, fund, liaison_email FROM departments'),
      ...column('SELECT display_name, email, external_id FROM patrons'),
      ...column('SELECT label FROM api_tokens'),
      ...column('SELECT file_name FROM import_runs'),
      ...column('SELECT name, vendor FROM catalogues'),
      ...column('SELECT title, publisher FROM catalogue_entries'),
      ...column('SELECT authors FROM catalogue_entries').flatMap((json) => JSON.parse(json) as string[]),
      ...(h.deps.signInChoices ?? []).map((choice) => choice.name),
      ...metadata,
    ]
      .filter((v) => v.trim() !== '')
      .sort((a, b) => b.length - a.length);
  }

  /** A person's browser, signed in, reading the pages in this language. */
  async function reader(token: string | null, locale: Locale): Promise<Visitor> {
    const v = visitor(h);
    if (token) await v.signIn(token);
    await v.get(`/lang/${locale}?next=%2F`);
    return v;
  }

  /** Every page each kind of reader reaches in the demo, in the states worth reading. */
  async function pagesIn(locale: Locale): Promise<Map<string, string>> {
    const pages = new Map<string, string>();
    const read = async (v: Visitor, path: string, name = path) => pages.set(name, await (await v.get(path)).text());

    const nobody = await reader(null, locale);
    await read(nobody, '/signin');

    const patron = await reader(tokens.patron, locale);
    for (const isbn of ['', '9780596000851', '9780262035613', '9780385472579', '9781098100001']) {
      await read(patron, `/suggest?isbn=${isbn}`, `/suggest, looking up ${isbn || 'nothing'}`);
    }
    const csrf = await patron.csrfOf('/suggest');
    const refused = async (name: string, form: Record<string, string>) =>
      pages.set(name, await (await patron.post('/suggest', { ...form, _csrf: csrf })).text());
    await refused('/suggest, with nothing to suggest', { reason: 'x' });
    await refused('/suggest, a date that has passed', { title: 'A book', needBy: '2001-01-01' });
    await refused('/suggest, a book the library has', { isbn: '0596000855' });
    await read(patron, '/my/suggestions');
    await read(patron, '/my/suggestions/999999', 'a page not found');
    for (const { id } of h.db.sqlite
      .prepare(
        "SELECT s.id FROM suggestions s JOIN patrons p ON p.id = s.patron_id WHERE p.external_id = 'demo-meiling'",
      )
      .all() as { id: number }[]) {
      await read(patron, `/my/suggestions/${id}`);
    }
    await read(patron, '/buylist', 'the buy list, refused to a patron');

    const selector = await reader(tokens.selector, locale);
    await read(selector, '/buylist');
    await read(selector, '/buylist?department=CS');
    await read(selector, '/buylist?department=CS&budget=1');
    await read(selector, '/buylist?budget=lots', 'the buy list, with a budget that is no amount');
    await read(selector, '/buylist?department=NOWHERE', 'the buy list of no department');
    const ids = (
      h.db.sqlite.prepare("SELECT id FROM titles WHERE status IN ('submitted', 'ordered')").all() as {
        id: number;
      }[]
    ).map((r) => String(r.id));
    const staffCsrf = await selector.csrfOf('/buylist');
    await selector.post('/buylist/status', { title: ids, to: 'received', _csrf: staffCsrf });
    await read(selector, '/buylist', 'the buy list, after some titles could not be moved');
    await selector.post('/buylist/status', { title: ids[0]!, to: 'rejected', _csrf: staffCsrf });
    await read(selector, '/buylist', 'the buy list, after a rejection without a reason');
    await read(selector, '/allocation');
    await read(selector, '/allocation?total=lots&window=24', 'the allocation, with a total that is no amount');
    await read(selector, '/reports');
    const [first] = (await (await selector.get('/buylist')).text()).match(/\/titles\/\d+/) ?? [];
    if (first) await read(selector, first, 'a title');
    await read(selector, '/reports?from=2026-02-30&department=CS', 'the outcomes, with a day that is no day');
    await read(selector, '/departments');
    for (const code of ['CS', 'HIST', 'MATH', 'MED']) await read(selector, `/departments/${code}`);

    const liaison = await reader(tokens.liaison, locale);
    await read(liaison, '/departments/CS', 'the liaison’s department');
    await read(liaison, '/buylist', 'the liaison’s buy list');
    await read(liaison, '/departments/HIST', 'another department, refused to the liaison');

    await read(selector, '/buylist?all=true&sort=price&dir=desc&limit=2&page=2', 'the buy list, sorted and paged');
    await read(
      selector,
      `/buylist?q=${encodeURIComponent('没有这本书')}`,
      'the buy list, searched for what is not there',
    );

    const admin = await reader(tokens.admin, locale);
    await read(admin, '/admin');
    await read(admin, '/outbox');
    await read(admin, '/outbox?state=lost', 'the outbox, with a state that is none');
    await read(admin, '/tokens');
    await read(admin, '/departments', 'the departments, as an admin edits them');
    await read(admin, '/departments/CS/edit');
    await read(admin, '/imports');
    await read(admin, '/ils', 'the ILS page, with no ILS connected');
    for (const kind of ['loans', 'holdings', 'departments', 'suggestions', 'readinglists', 'ill']) {
      await read(admin, `/imports/${kind}`);
    }
    const adminCsrf = await admin.csrfOf('/imports/ill');
    const upload = async (name: string, kind: string, fields: Record<string, string>, file: string | Buffer) =>
      pages.set(
        name,
        await (
          await admin.upload(
            `/imports/${kind}`,
            { _csrf: adminCsrf, ...fields },
            { file: { name: 'x.csv', content: file } },
          )
        ).text(),
      );
    const illiad = readFileSync(new URL('../../fixtures/ill/illiad-transactions.csv', import.meta.url));
    await upload('an ILL import, with its warnings and rejected rows', 'ill', { preset: 'illiad' }, illiad);
    await upload('the same ILL file again', 'ill', { preset: 'illiad' }, illiad);
    await upload('a loan file the importer refuses', 'loans', { preset: 'koha' }, 'when,isbn\n2025-01-01,0596007590\n');
    await upload('an import with a choice no form offers', 'ill', { preset: 'sirsi', source: 'x'.repeat(61) }, illiad);
    await upload('an import with no file', 'departments', {}, '');
    await upload('a file over the upload limit', 'loans', {}, 'x'.repeat(h.deps.config.IMPORT_LIMIT_BYTES + 1));
    pages.set(
      'a form that cannot be read',
      await (
        await h.app.request('/suggest', {
          method: 'POST',
          body: '--XX\r\nbroken',
          headers: { 'content-type': 'multipart/form-data; boundary=XX', 'accept-language': locale },
        })
      ).text(),
    );
    return pages;
  }

  for (const locale of ['zh-Hans', 'zh-Hant'] as const) {
    it(`shows no English of the service's own on any page in ${locale}`, async () => {
      const pieces = englishPieces(locale);
      // The check finds English when there is some: the English pages are full of it.
      const english = readable(
        await (await (await reader(tokens.selector, 'en')).get('/buylist?department=CS')).text(),
      );
      expect(pieces.filter(({ pattern }) => pattern.test(english)).length).toBeGreaterThan(20);

      const found: string[] = [];
      const pages = await pagesIn(locale);
      const data = libraryData();
      for (const [page, html] of pages) {
        expect(html, page).toContain(`<html lang="${locale}">`);
        const text = readable(html);
        for (const { key, piece, pattern } of pieces)
          if (pattern.test(text)) found.push(`${page}: "${piece}" (${key})`);
        // Nor any other English: what is left in Latin letters, once the library's data is taken out.
        let rest = text;
        for (const value of data) rest = rest.split(value).join(' ');
        for (const word of new Set(rest.match(/[A-Za-z]{2,}/g) ?? [])) {
          if (!KEPT_AS_IS.has(word)) found.push(`${page}: "${word}"`);
        }
      }
      expect([...new Set(found)]).toEqual([]);
    });
  }
});
