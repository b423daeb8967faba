// The richer request: the edition a patron means (publisher, year, edition, series), the
// formats the library offers, where they would collect it, and a note that only staff read.
// Stored, shown to the selectors where they weigh a title, carried into the buy list and its
// order sheet, and refused by field when it breaks a rule.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { type Harness, harness } from './harness.js';

const CLEAN_CODE = {
  title: 'Clean code',
  author: 'Robert C. Martin',
  publisher: 'Prentice Hall',
  year: 2008,
  edition: '1st edition',
  series: 'Robert C. Martin series',
};

describe('the details of a request', () => {
  let h: Harness;
  let ana: string;
  let selector: string;
  beforeEach(async () => {
    h = await harness({
      FORMATS: 'print,large-print,ebook',
      PICKUP_BRANCHES: 'MAIN=Main Library,SCI=Science Library',
    });
    ana = await h.patronToken('ana', { departmentCode: 'CS' });
    selector = await h.token('selector');
  });
  afterEach(() => h.close());

  const suggest = (token: string, body: unknown) => h.call('POST', '/api/v1/suggestions', { token, body });

  it('are stored as given and returned to the requester, their note to staff included', async () => {
    const res = await suggest(ana, {
      ...CLEAN_CODE,
      format: 'large-print',
      pickupBranch: 'SCI',
      noteToStaff: 'The 2008 printing, please: it has the corrected chapter 3.',
    });
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(made).toMatchObject({
      format: 'large-print',
      publisher: 'Prentice Hall',
      year: 2008,
      edition: '1st edition',
      series: 'Robert C. Martin series',
      pickupBranch: 'SCI',
      noteToStaff: 'The 2008 printing, please: it has the corrected chapter 3.',
    });
    const mine = await (await h.call('GET', `/api/v1/suggestions/${made.id}`, { token: ana })).json();
    expect(mine.noteToStaff).toBe('The 2008 printing, please: it has the corrected chapter 3.');
  });

  it('show the note to staff to selectors on the title, and never to a liaison', async () => {
    const made = await (await suggest(ana, { ...CLEAN_CODE, noteToStaff: 'Note for the selectors only' })).json();
    const title = await (await h.call('GET', `/api/v1/titles/${made.title.id}`, { token: selector })).json();
    expect(title.requesters[0]).toMatchObject({
      noteToStaff: 'Note for the selectors only',
      publisher: 'Prentice Hall',
      year: 2008,
      edition: '1st edition',
      series: 'Robert C. Martin series',
    });
    const liaison = await h.token('liaison', undefined, 'CS');
    for (const path of [`/api/v1/suggestions/${made.id}`, `/api/v1/titles/${made.title.id}`]) {
      const res = await h.call('GET', path, { token: liaison });
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain('Note for the selectors only');
    }
  });

  it('carry the edition into the buy list and its order sheet when no provider knows it', async () => {
    const made = await (await suggest(ana, CLEAN_CODE)).json();
    const list = await (await h.call('GET', '/api/v1/buylist?format=json', { token: selector })).json();
    expect(list.items.find((i: { titleId: number }) => i.titleId === made.title.id)).toMatchObject({
      publisher: 'Prentice Hall',
      year: 2008,
      edition: '1st edition',
      series: 'Robert C. Martin series',
    });
    const sheet = await h.call('GET', '/api/v1/buylist?format=csv&sheet=order', { token: selector });
    const rows = parse(await sheet.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      Publisher: 'Prentice Hall',
      Year: '2008',
      Edition: '1st edition',
      Series: 'Robert C. Martin series',
    });
  });

  it('offer only the formats and branches the library set, refusing others by field', async () => {
    const audiobook = await suggest(ana, { ...CLEAN_CODE, format: 'audiobook' });
    expect(audiobook.status).toBe(422);
    expect((await audiobook.json()).errors).toEqual([
      expect.objectContaining({
        pointer: '/format',
        problem: 'not-offered',
        detail: 'This library does not offer audiobook; ask for one of print, large-print, ebook.',
      }),
    ]);
    const branch = await suggest(ana, { ...CLEAN_CODE, pickupBranch: 'LAW' });
    expect(branch.status).toBe(422);
    expect((await branch.json()).errors[0]).toMatchObject({ pointer: '/pickupBranch', problem: 'not-offered' });
    const count = h.db.sqlite.prepare('SELECT count(*) AS n FROM suggestions').get() as { n: number };
    expect(count.n).toBe(0);
  });

  it('refuse a year no edition can have, and text over its limit, by field', async () => {
    const far = await suggest(ana, { ...CLEAN_CODE, year: 2031 });
    expect(far.status).toBe(422);
    expect((await far.json()).errors[0]).toMatchObject({
      pointer: '/year',
      problem: 'future',
      detail: 'The year 2031 is too far ahead to be an edition.',
    });
    for (const body of [
      { ...CLEAN_CODE, year: 1200 },
      { ...CLEAN_CODE, year: '2008' },
      { ...CLEAN_CODE, publisher: 'p'.repeat(301) },
      { ...CLEAN_CODE, noteToStaff: 'n'.repeat(2001) },
      { ...CLEAN_CODE, series: '   ' },
    ]) {
      const res = await suggest(ana, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
  });

  it('are changed before review by the same rules, and cleared with null', async () => {
    const made = await (await suggest(ana, { ...CLEAN_CODE, pickupBranch: 'MAIN', noteToStaff: 'First note' })).json();
    const refused = await h.call('PATCH', `/api/v1/suggestions/${made.id}`, {
      token: ana,
      body: { format: 'audiobook' },
    });
    expect(refused.status).toBe(422);
    const res = await h.call('PATCH', `/api/v1/suggestions/${made.id}`, {
      token: ana,
      body: { edition: '2nd edition', year: 2024, noteToStaff: null, pickupBranch: 'SCI' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      format: 'print',
      edition: '2nd edition',
      year: 2024,
      publisher: 'Prentice Hall',
      noteToStaff: null,
      pickupBranch: 'SCI',
    });
  });
});

describe('the settings of the form', () => {
  it('keep today’s three formats by default, and name the libraries’ branches', () => {
    const config = parseConfig({});
    expect(config.FORMATS).toEqual(['print', 'ebook', 'audiobook']);
    expect(config.PICKUP_BRANCHES).toEqual([]);
    expect(parseConfig({ PICKUP_BRANCHES: 'MAIN=Main Library, SCI' }).PICKUP_BRANCHES).toEqual([
      { code: 'MAIN', name: 'Main Library' },
      { code: 'SCI', name: 'SCI' },
    ]);
  });

  it('stop the service at start for a format it does not know, naming the setting', () => {
    expect(() => parseConfig({ FORMATS: 'print,vinyl' })).toThrow(ConfigError);
    expect(() => parseConfig({ FORMATS: 'print,vinyl' })).toThrow(
      /FORMATS: unknown format\(s\) vinyl; use some of print, ebook, audiobook, large-print, braille/,
    );
    expect(() => parseConfig({ PICKUP_BRANCHES: 'MAIN=Main,MAIN=Again' })).toThrow(/PICKUP_BRANCHES/);
  });
});
