// Staff editing a title through PATCH /api/v1/titles/{id}: the record, the price, the order
// (fund, copies, vendor), a note for staff and the colleague who manages it. Every change is
// audited field by field; what staff set stays over the providers at every later enrichment,
// and flows into the buy list, its downloads and the ILS push; the note reaches no patron.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { runAtomic } from '../../src/db/db.js';
import { enqueueStep } from '../../src/jobs/queue.js';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { type MarcRecord, readIso2709, subfields } from '../../src/services/imports/marc.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { cacheProviderAnswers, type Harness, harness } from './harness.js';

const ISBN = '9780765382030';
const FUND_ID = '63157e96-0693-426d-b0df-948bacdfdb08';
const NOTE = 'Vendor quotes six weeks; ask Lee before ordering.';

describe('a selector editing a title', () => {
  let h: Harness;
  let selector: string;
  let patron: string;
  let titleId: number;
  let suggestionId: number;

  const patch = (body: unknown, token = selector) => h.call('PATCH', `/api/v1/titles/${titleId}`, { token, body });
  const title = async (token = selector) => (await h.call('GET', `/api/v1/titles/${titleId}`, { token })).json();

  beforeEach(async () => {
    h = await harness({
      ENRICH_PROVIDERS: 'holdings,googlebooks',
      GOOGLE_BOOKS_URL: 'http://127.0.0.1:9',
      FOLIO_VENDOR_ID: '168f8a86-d26c-406e-813f-c7527f241ac3',
      FOLIO_FUND_IDS: `HIST-MONO=${FUND_ID}`,
      ORDER_VENDOR: 'DEFAULTV',
    });
    await importDepartments(
      h.deps,
      bufferSource(
        'departments.csv',
        Buffer.from('code,name,fund\nHIST,History,HIST-GEN\nCS,Computer Science,CS-MONO\n'),
      ),
    );
    await cacheProviderAnswers(h, {
      [ISBN]: {
        title: 'The three-body problem',
        authors: ['Liu, Cixin'],
        publisher: 'Tor',
        publishedYear: 2014,
        listPrice: { amount: 25.99, currency: 'USD' },
      },
    });
    selector = await h.token('selector', { externalId: 'priya', displayName: 'Priya' });
    patron = await h.patronToken('ana', { displayName: 'Ana Lima', departmentCode: 'HIST', category: 'faculty' });
    const res = await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn: ISBN, reason: 'Course' } });
    const made = await res.json();
    titleId = made.title.id;
    suggestionId = made.id;
    await runEnrichment(h.deps);
    await runRescoreJobs(h.deps);
  });
  afterEach(() => h.close());

  it('corrects the record and price, and says the staff set them', async () => {
    const res = await patch({
      title: 'The Three-Body Problem',
      authors: ['Liu, Cixin', 'Liu, Ken'],
      publisher: 'Tor Books',
      publishedYear: 2016,
      edition: 'Reprint ed.',
      price: { amount: 19.5, currency: 'USD' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      title: 'The Three-Body Problem',
      author: 'Liu, Cixin',
      price: { amount: 19.5, currency: 'USD' },
    });
    expect(body.metadata).toMatchObject({
      authors: ['Liu, Cixin', 'Liu, Ken'],
      publisher: 'Tor Books',
      publishedYear: 2016,
      edition: 'Reprint ed.',
      listPrice: { amount: 19.5, currency: 'USD' },
    });
    const bySource = (source: string) =>
      Object.entries(body.metadata.sources as Record<string, string>)
        .filter(([, s]) => s === source)
        .map(([field]) => field)
        .sort();
    expect(bySource('staff')).toEqual(['authors', 'edition', 'listPrice', 'publishedYear', 'publisher', 'title']);
    expect(bySource('googlebooks')).toEqual([]);
  });

  it('audits each field it changes: who, when, before and after; a change to what is there writes nothing', async () => {
    await patch({ price: { amount: 19.5, currency: 'USD' }, fund: 'HIST-MONO' });
    h.advance(60_000);
    await patch({ price: { amount: 19.5, currency: 'USD' }, quantity: 3 });
    const { changes } = await title();
    expect(changes).toEqual([
      {
        field: 'price',
        before: { amount: 25.99, currency: 'USD' },
        after: { amount: 19.5, currency: 'USD' },
        at: '2026-03-02T09:00:00.000Z',
        actorRole: 'selector',
        actor: expect.stringMatching(/^token:\d+$/),
        actorName: 'Priya',
      },
      expect.objectContaining({ field: 'fund', before: null, after: 'HIST-MONO' }),
      expect.objectContaining({ field: 'quantity', before: null, after: 3, at: '2026-03-02T09:01:00.000Z' }),
    ]);
  });

  it('keeps what staff set when the providers are asked again, and gives a cleared field back to them', async () => {
    await patch({ title: 'The Three-Body Problem', publisher: 'Tor Books', price: { amount: 19.5, currency: 'USD' } });
    await runAtomic(h.deps.db, [enqueueStep('enrich', sql`SELECT ${String(titleId)} AS subject`, h.now)]);
    expect((await runEnrichment(h.deps)).enriched).toBe(1);
    let body = await title();
    expect(body).toMatchObject({ title: 'The Three-Body Problem', price: { amount: 19.5, currency: 'USD' } });
    expect(body.metadata).toMatchObject({ publisher: 'Tor Books', publishedYear: 2014 });
    expect(body.metadata.sources.publishedYear).toBe('googlebooks');

    const cleared = await patch({ publisher: null, price: null, title: null });
    expect(cleared.status).toBe(200);
    body = await cleared.json();
    expect(body).toMatchObject({ title: 'The three-body problem', price: { amount: 25.99, currency: 'USD' } });
    expect(body.metadata.publisher).toBe('Tor');
    expect(body.changes.at(-1)).toMatchObject({ field: 'price', before: { amount: 19.5 }, after: { amount: 25.99 } });
  });

  it('sends the price, fund, copies and vendor it sets to the buy list and every download', async () => {
    await patch({ price: { amount: 19.5, currency: 'USD' }, fund: 'HIST-MONO', quantity: 3, vendor: 'YBP' });
    const get = (query: string) => h.call('GET', `/api/v1/buylist?all=true&${query}`, { token: selector });
    const list = await (await get('format=json')).json();
    expect(list.items[0]).toMatchObject({ titleId, price: 19.5, fund: 'HIST-MONO', quantity: 3, vendor: 'YBP' });

    const [row] = parse(await (await get('format=csv&sheet=order')).text(), { columns: true, bom: true });
    expect(Object.values(row)).toEqual(expect.arrayContaining(['3', '19.50', '58.50', 'HIST-MONO']));

    const folio = await (await get('format=folio-json')).json();
    expect(folio.poLines[0]).toMatchObject({
      cost: { currency: 'USD', listUnitPrice: 19.5, quantityPhysical: 3 },
      fundDistribution: [{ code: 'HIST-MONO', fundId: FUND_ID }],
    });

    const marc = Buffer.from(await (await get('format=marc&profile=folio')).arrayBuffer());
    const records: MarcRecord[] = [];
    for await (const read of readIso2709([marc])) if (read.ok) records.push(read.record);
    const [record] = records;
    expect(subfields(record!, '980', 'h')).toEqual(['HIST-MONO']);
    expect(subfields(record!, '980', 'v')).toEqual(['YBP']);
    expect(subfields(record!, '980', 'g')).toEqual(['3']);
  });

  it('gives a fund, copies or vendor cleared back to the department, the courses and ORDER_VENDOR', async () => {
    await patch({ fund: 'HIST-MONO', quantity: 3, vendor: 'YBP' });
    await patch({ fund: null, quantity: null, vendor: null });
    const list = await (await h.call('GET', '/api/v1/buylist?all=true', { token: selector })).json();
    expect(list.items[0]).toMatchObject({ fund: 'HIST-GEN', quantity: 1, vendor: null });
  });

  it('assigns the title to a selector or admin it knows, and lists it as theirs', async () => {
    await h.token('admin', { externalId: 'lee', displayName: 'Lee Wong' });
    const unknown = await patch({ assignee: 'ana' });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors).toEqual([
      expect.objectContaining({ pointer: '/assignee', detail: 'No selector or admin is known as "ana".' }),
    ]);
    const body = await (await patch({ assignee: 'lee' })).json();
    expect(body.staff.assignee).toEqual({ id: 'lee', name: 'Lee Wong' });

    const lee = await h.token('admin', { externalId: 'lee' });
    const mine = (token: string) =>
      h.call('GET', '/api/v1/buylist?all=true&mine=true', { token }).then((r) => r.json());
    expect((await mine(lee)).items.map((i: { titleId: number }) => i.titleId)).toEqual([titleId]);
    expect((await mine(selector)).items).toEqual([]);
  });

  it('refuses bad input with the field at fault, and changes nothing', async () => {
    for (const [body, pointer] of [
      [{ publishedYear: 3000 }, '/publishedYear'],
      [{ price: { amount: 10, currency: 'XYZ' } }, '/price/currency'],
      [{ price: { amount: -1, currency: 'USD' } }, '/price/amount'],
      [{ quantity: 0 }, '/quantity'],
      [{ fund: 'A\u0000B' }, '/fund'],
      [{ title: 'x'.repeat(1001) }, '/title'],
      [{ isbn13: '9780000000002' }, ''],
    ] as const) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await res.json();
      if (pointer) expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect((await title()).changes).toEqual([]);
    expect((await h.call('PATCH', '/api/v1/titles/999999', { token: selector, body: { quantity: 2 } })).status).toBe(
      404,
    );
  });

  it('keeps the staff note from patrons and liaisons: their answers and their messages', async () => {
    await patch({ staffNote: NOTE });
    expect((await title()).staff.note).toBe(NOTE);
    const liaison = await h.token('liaison', undefined, 'HIST');
    const seen = [
      await (await h.call('GET', `/api/v1/titles/${titleId}`, { token: liaison })).text(),
      await (await h.call('GET', `/api/v1/suggestions/${suggestionId}`, { token: patron })).text(),
      await (await h.call('GET', '/api/v1/suggestions', { token: patron })).text(),
      await (await h.call('GET', '/api/v1/buylist?format=csv&sheet=order', { token: liaison })).text(),
    ];
    await h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status: 'in_review' } });
    const messages = h.db.sqlite.prepare('SELECT payload FROM notifications').all() as { payload: string }[];
    expect(messages.length).toBeGreaterThan(0);
    for (const text of [...seen, ...messages.map((m) => m.payload)]) {
      expect(text).not.toContain('Vendor quotes');
      expect(text).not.toContain('staffNote');
    }
  });
});
