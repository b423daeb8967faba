// Reading lists as Leganto and Talis Aspire export them: every listed book becomes demand on
// the title for its work, with its course, and the buy list recommends copies for the class.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { buildBuyList } from '../../src/services/buylist.js';
import { buyListMarc } from '../../src/services/exports/buylist-marc.js';
import { readIso2709, subfields } from '../../src/services/imports/marc.js';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importReadingLists } from '../../src/services/imports/reading-lists.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const csv = (name: string, ...lines: string[]) => bufferSource(name, Buffer.from(lines.join('\n')));
const GENERIC = 'course_code,course_name,term,enrolment,isbn,title,author,importance';

interface Reading {
  isbn13: string | null;
  title: string;
  course_code: string;
  course_name: string | null;
  term: string;
  enrolment: number | null;
  importance: string;
  source: string;
}

describe('importing reading lists', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const readings = () =>
    h.db.orm.all<Reading>(sql`
      SELECT t.isbn13, t.title, c.course_code, c.course_name, c.term, c.enrolment, c.importance, c.source
      FROM course_readings c JOIN titles t ON t.id = c.title_id ORDER BY c.course_code, t.title`);
  const buyList = () => buildBuyList(h.deps, { limit: 100, assignment: null, locale: 'en' });

  it('reads a Leganto Course Reserves export: each book with its course, term, students and tag', async () => {
    const summary = await importReadingLists(h.deps, fileSource(fixture('readinglists/leganto-course-reserves.csv')), {
      preset: 'leganto',
    });
    expect(summary).toMatchObject({ kind: 'readinglists', read: 15, imported: 12, rejected: 1 });
    // The mistyped ISBN is refused by its line, with the ISBN it likely is.
    expect(summary.rejections).toEqual([
      {
        line: 13,
        reason: 'The check digit does not match: a digit may be mistyped. Did you mean 9780262033848?',
      },
    ]);
    expect(summary.warnings).toContain(
      '2 rows are not books (articles, journals, web pages, ...) and were passed over',
    );
    const all = await readings();
    expect(all.find((r) => r.course_code === 'HIST 210' && r.isbn13 === '9780393317558')).toEqual({
      isbn13: '9780393317558',
      title: 'Guns, germs, and steel : the fates of human societies',
      course_code: 'HIST 210',
      course_name: 'The Atlantic World, 1450-1850',
      // Alma keeps a course's term and year apart; the term read is both.
      term: '2027 Spring',
      enrolment: 45,
      // Listed twice for the course (weeks 1 and 4, essential and recommended): one entry, the firmer.
      importance: 'essential',
      source: 'leganto-course-reserves.csv',
    });
    // The ISBN-10 of Orientalism is the same work as its ISBN-13; "Optional; Week 5" is optional.
    expect(all.find((r) => r.title === 'Orientalism')).toMatchObject({
      isbn13: '9780394740676',
      importance: 'optional',
    });
    // A book listed without an ISBN is a title pooled by title and first author.
    expect(all.find((r) => r.title === 'Code complete')).toMatchObject({ isbn13: null, course_code: 'CS 201' });
    // A course whose participants are not known yet has its book on the list, of unknown size.
    expect(all.find((r) => r.course_code === 'ECON 305')).toMatchObject({ enrolment: null, importance: 'essential' });
    // One title per book, however many courses list it.
    const titles = await h.db.orm.all<{ n: number }>(sql`SELECT count(*) AS n FROM titles`);
    expect(titles).toEqual([{ n: 10 }]);
  });

  it('reads a Talis Aspire All List Items export: modules, time periods, student numbers and importances', async () => {
    const summary = await importReadingLists(h.deps, fileSource(fixture('readinglists/talis-all-list-items.csv')), {
      preset: 'talis',
    });
    expect(summary).toMatchObject({ read: 10, imported: 8, rejected: 0 });
    expect(summary.warnings).toContain(
      'the importance of 1 row ("Week 3 seminar") says none of essential, recommended or optional: read as recommended',
    );
    const all = await readings();
    expect(all.find((r) => r.title === 'Thinking, fast and slow')).toMatchObject({
      course_code: 'PS2040',
      course_name: 'Judgement and Decision Making',
      term: 'Semester 2 2026/27',
      // "1,204" as the spreadsheet wrote it.
      enrolment: 1204,
      importance: 'essential',
    });
    // A row with the ISBN-10 alone finds its ISBN-13.
    expect(all.find((r) => r.title === 'Imagined communities')).toMatchObject({
      isbn13: '9781784786755',
      importance: 'optional',
    });
    expect(all.find((r) => r.title === 'Structure and interpretation of computer programs')).toMatchObject({
      importance: 'essential',
    });
    expect(all.find((r) => r.title === 'Guns, germs and steel')).toMatchObject({ importance: 'recommended' });
  });

  it('pools a listed book onto the title patrons asked for, and the same course listed by two systems counts once per term', async () => {
    const ana = await h.patronToken('ana');
    const asked = await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '9780132350884' } });
    expect(asked.status).toBe(201);
    await importReadingLists(h.deps, fileSource(fixture('readinglists/leganto-course-reserves.csv')), {
      preset: 'leganto',
    });
    await importReadingLists(h.deps, fileSource(fixture('readinglists/talis-all-list-items.csv')), { preset: 'talis' });
    const clean = await h.db.orm.all<{ requester_count: number; courses: number }>(sql`
      SELECT requester_count, (SELECT count(*) FROM course_readings c WHERE c.title_id = t.id) AS courses
      FROM titles t WHERE isbn13 = '9780132350884'`);
    expect(clean).toEqual([{ requester_count: 1, courses: 2 }]);
  });

  it('recommends copies on the buy list: one per ten students of essential reading, in the order, the CSV and the budget', async () => {
    await importReadingLists(
      h.deps,
      csv(
        'hist.csv',
        GENERIC,
        'HIST 210,The Atlantic World,2027 Spring,45,9780393317558,"Guns, germs, and steel","Diamond, Jared",Essential',
        'HIST 110,World History,2027 Spring,180,9780393317558,"Guns, germs, and steel","Diamond, Jared",Essential',
        'HIST 210,The Atlantic World,2027 Spring,45,9780394740676,Orientalism,"Said, Edward W.",Optional',
      ),
    );
    await runRescoreJobs(h.deps);
    h.db.sqlite.prepare("UPDATE titles SET price_cents = 2000, price_currency = 'USD'").run();
    const list = await buildBuyList(h.deps, { limit: 100, budget: 500, assignment: null, locale: 'en' });
    const guns = list.items.find((i) => i.isbn13 === '9780393317558')!;
    // 45 + 180 students of one term, at ten a copy.
    expect(guns.quantity).toBe(23);
    expect(guns.rank).toBe(1);
    expect(guns.reason).toBe('essential reading for HIST 110, 180 students (and 1 more course)');
    expect(guns.runningTotal).toBe(460);
    expect(guns.withinBudget).toBe(true);
    // The order record says the copies, and why, without counting requesters it has none of.
    const records = [];
    const marc = buyListMarc(list, {
      now: h.now,
      locale: 'en',
      settings: h.deps.config,
      profile: 'evergreen',
      cnmarcTag: h.deps.config.ORDER_CNMARC_TAG,
    });
    for await (const read of readIso2709([marc])) {
      if (read.ok) records.push(read.record);
    }
    expect(subfields(records[0]!, '970', 'q')).toEqual(['23']);
    expect(subfields(records[0]!, '500', 'a')).toEqual([
      'rank 1: essential reading for HIST 110, 180 students (and 1 more course)',
    ]);
    // Optional reading asks for the one copy being bought.
    const orientalism = list.items.find((i) => i.isbn13 === '9780394740676')!;
    expect(orientalism.quantity).toBe(1);
    expect(orientalism.withinBudget).toBe(true);
    expect(orientalism.runningTotal).toBe(480);
  });

  it('keeps a book the library holds in front of the selector when its courses want more copies than are on the shelf', async () => {
    await importHoldings(
      h.deps,
      csv('holdings.csv', 'isbn,call_number,items', '9780393317558,GF13 .D5 1999,2', '9780394740676,DS12 .S24 1979,1'),
    );
    const summary = await importReadingLists(
      h.deps,
      csv(
        'hist.csv',
        GENERIC,
        'HIST 110,World History,2027 Spring,200,9780393317558,"Guns, germs, and steel","Diamond, Jared",Essential',
        'HIST 210,The Atlantic World,2027 Spring,45,9780394740676,Orientalism,"Said, Edward W.",Optional',
      ),
    );
    // The selector learns it at once, by the line that listed it.
    expect(summary.warnings).toContain(
      'line 2: "Guns, germs, and steel" is held (2 copies), but its courses call for 20: title 1 needs 18 more',
    );
    await runEnrichment(h.deps);
    const statuses = await h.db.orm.all<{ title: string; status: string; held_items: number }>(
      sql`SELECT title, status, held_items FROM titles ORDER BY id`,
    );
    expect(statuses).toEqual([
      // 200 students at ten a copy want 20; the library has 2: the selector orders the difference.
      { title: 'Guns, germs, and steel', status: 'submitted', held_items: 2 },
      // Optional reading, and a copy on the shelf: nothing to buy.
      { title: 'Orientalism', status: 'held', held_items: 1 },
    ]);
    const list = await buyList();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ quantity: 18, flags: expect.arrayContaining(['held']) });
  });

  it('says which titles already in the collection need more copies, and leaves their status as it is', async () => {
    await importHoldings(h.deps, csv('holdings.csv', 'isbn,call_number,items', '9780393317558,GF13 .D5 1999,2'));
    const tom = await h.patronToken('tom');
    const refused = await h.call('POST', '/api/v1/suggestions', { token: tom, body: { isbn: '9780393317558' } });
    expect(refused.status).toBe(409);
    const summary = await importReadingLists(
      h.deps,
      csv(
        'hist.csv',
        GENERIC,
        'HIST 110,World History,2027 Spring,85,9780393317558,"Guns, germs, and steel",,Essential',
      ),
    );
    expect(summary.warnings).toEqual([
      'line 2: "Guns, germs, and steel" is held (2 copies), but its courses call for 9: title 1 needs 7 more',
    ]);
  });

  it('brings an entry up to date when a later export lists it again, and does nothing with the same file twice', async () => {
    const first = csv(
      'spring.csv',
      GENERIC,
      'HIST 210,The Atlantic World,2027 Spring,45,9780393317558,Guns,,Recommended',
    );
    await importReadingLists(h.deps, first);
    const again = await importReadingLists(h.deps, first);
    expect(again).toMatchObject({ alreadyImported: true, imported: 0 });
    await importReadingLists(
      h.deps,
      csv('spring-final.csv', GENERIC, 'hist  210,,2027 Spring,52,978-0-393-31755-8,Guns,,Essential'),
    );
    expect(await readings()).toEqual([
      {
        isbn13: '9780393317558',
        title: 'Guns',
        course_code: 'HIST 210',
        course_name: 'The Atlantic World',
        term: '2027 Spring',
        enrolment: 52,
        importance: 'essential',
        source: 'spring-final.csv',
      },
    ]);
  });

  it('keeps a listed title’s courses when its edition is confirmed onto a title that has the ISBN', async () => {
    await importReadingLists(
      h.deps,
      csv(
        'cs.csv',
        GENERIC,
        'CS 201,Software Construction,2027 Spring,120,,Code complete,"McConnell, Steve",Essential',
      ),
    );
    const ana = await h.patronToken('ana');
    await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '9780735619678' } });
    const selector = await h.token('selector');
    const [listed] = await h.db.orm.all<{ id: number }>(sql`SELECT id FROM titles WHERE isbn13 IS NULL`);
    const merged = await h.call('POST', `/api/v1/titles/${listed!.id}/isbn`, {
      token: selector,
      body: { isbn: '9780735619678' },
    });
    expect(merged.status).toBe(200);
    const title = await merged.json();
    expect(title.isbn13).toBe('9780735619678');
    expect(title.courses).toEqual([
      expect.objectContaining({ course: 'CS 201', enrolment: 120, importance: 'essential' }),
    ]);
    expect(title.copies).toEqual({ recommended: 12, held: 0, toOrder: 12 });
  });

  it('refuses rows it cannot read by their line, keeping the rows around them', async () => {
    const summary = await importReadingLists(
      h.deps,
      csv(
        'broken.csv',
        GENERIC,
        ',No code,2027 Spring,40,9780393317558,Guns,,Essential',
        'HIST 210,,2027 Spring,lots,9780393317558,Guns,,Essential',
        'HIST 210,,2027 Spring,40,,,,Essential',
        '<script>,,2027 Spring,40,9780393317558,Guns,,Essential',
        'HIST 210,,2027 Spring,999999,9780393317558,Guns,,Essential',
        'HIST\u0007 210,,2027 Spring,40,9780393317558,Guns,,Essential',
        'HIST 210,,2027 Spring,40,9780393317558,Guns,,Essential',
      ),
    );
    expect(summary).toMatchObject({ read: 7, imported: 1, rejected: 6 });
    expect(summary.rejections).toEqual([
      { line: 2, reason: 'The course code is empty: give it as the university writes it, such as HIST 210.' },
      { line: 3, reason: 'the enrolment "lots" is not a number of students' },
      { line: 4, reason: 'Give an ISBN, or a title (and author if you know it).' },
      {
        line: 5,
        reason:
          '"<SCRIPT>" is not a course code: use letters and digits, with spaces, dots, hyphens or slashes between them, such as HIST 210.',
      },
      { line: 6, reason: 'an enrolment of 999999 students is more than any course has (at most 50,000)' },
      { line: 7, reason: 'course code holds a control character (U+0007) at character 5' },
    ]);
    expect((await readings()).map((r) => r.course_code)).toEqual(['HIST 210']);
  });

  it('refuses a file that is not a reading list at its header, naming what it has and how to map it', async () => {
    await expect(
      importReadingLists(h.deps, csv('loans.csv', 'loaned_at,call_number', '2025-01-01,QA76.73'), { preset: 'talis' }),
    ).rejects.toThrow(
      'The file has no column for the course code (preset talis looks for "Hierarchy Code" or "Module Code" or "Node Code"). Its columns are: loaned_at, call_number. Use --map course_code=COLUMN.',
    );
    await expect(importReadingLists(h.deps, csv('lists.csv', GENERIC, ''), { preset: 'sirsi' })).rejects.toThrow(
      'There is no reading-list preset "sirsi"; use one of generic, leganto, talis.',
    );
    await expect(
      importReadingLists(h.deps, csv('lists.csv', GENERIC, ''), { map: ['students=Class size'] }),
    ).rejects.toThrow(/"students" is not a reading-list field; the fields are course_code, /);
  });

  it('reads a field from another column with --map, and names the columns in any case and spacing', async () => {
    const summary = await importReadingLists(
      h.deps,
      csv(
        'module-list.csv',
        'MODULE,Module Title,TIME_PERIOD,Class size,isbn_13,TITLE,AUTHORS,Importance',
        'HI2010,Empire,Semester 1 2026/27,84,9780802141323,The wretched of the earth,Frantz Fanon,Essential',
      ),
      { preset: 'talis', map: ['course_code=MODULE', 'course_name=Module Title', 'enrolment=Class size'] },
    );
    expect(summary).toMatchObject({ imported: 1, rejected: 0 });
    expect(await readings()).toEqual([
      expect.objectContaining({
        course_code: 'HI2010',
        course_name: 'Empire',
        term: 'Semester 1 2026/27',
        enrolment: 84,
      }),
    ]);
  });

  it('reads a GB18030 list from an older Chinese system, names and importances in Chinese', async () => {
    const file = fixture('encodings/readinglists-gb18030.csv');
    expect(readFileSync(file).includes(Buffer.from('乡土中国'))).toBe(false);
    const summary = await importReadingLists(h.deps, fileSource(file));
    expect(summary).toMatchObject({ imported: 2, rejected: 0 });
    expect(summary.warnings[0]).toMatch(/read as gb18030/);
    expect(await readings()).toEqual([
      expect.objectContaining({
        title: '中国近代史纲要',
        course_name: '中国近代史',
        term: '2027 春季',
        importance: 'recommended',
      }),
      expect.objectContaining({ title: '乡土中国', course_code: 'HIST 230', enrolment: 60, importance: 'essential' }),
    ]);
  });
});
