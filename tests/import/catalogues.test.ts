// Vendor catalogues (征订目录): a supplier's new-title list as CNMARC (ISO 2709 and XML, from
// real records of a Chinese university's catalogue), as MARC21 order records, and as the CSV
// sheets Chinese and Western vendors send (fixtures/catalogues, see fixtures/README.md).
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { type CatalogueInfo, importCatalogue } from '../../src/services/imports/catalogue.js';
import { bufferSource, type ImportSource } from '../../src/services/imports/import-run.js';
import { titleAuthorWorkKey } from '../../src/domain/work-key.js';
import { type Harness, harness } from '../api/harness.js';

const fixture = (name: string) => fileSource(new URL(`../../fixtures/catalogues/${name}`, import.meta.url).pathname);

const RENMIN: CatalogueInfo = { name: '2026年第3期新书征订目录', vendor: '人天书店', issued: '2026-03-01' };

interface Entry {
  work_key: string;
  isbn13: string | null;
  title: string;
  authors: string;
  publisher: string | null;
  published_year: number | null;
  price_cents: number | null;
  price_currency: string | null;
  class_number: string | null;
  line: number;
}

describe('importing a vendor catalogue', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const entries = () => h.db.orm.all<Entry>(sql`SELECT * FROM catalogue_entries ORDER BY line`);
  const entry = async (isbn13: string) =>
    (await h.db.orm.get<Entry>(sql`SELECT * FROM catalogue_entries WHERE isbn13 = ${isbn13}`))!;
  const importOf = (source: ImportSource, options: Partial<Parameters<typeof importCatalogue>[2]> = {}) =>
    importCatalogue(h.deps, source, { catalogue: RENMIN, ...options });

  it('reads a Chinese vendor’s sheet by its column names: ISBN, 题名, 责任者, 出版社, 出版年, 定价, 中图分类号', async () => {
    const summary = await importOf(fixture('renmin-2026-03.csv'), { currency: 'CNY' });
    expect(summary).toMatchObject({ kind: 'catalogue', read: 8, imported: 8, rejected: 0 });
    expect(await entry('9787536692930')).toMatchObject({
      work_key: 'isbn:9787536692930',
      title: '三体',
      authors: '["刘慈欣著"]',
      publisher: '重庆出版社',
      published_year: 2008,
      price_cents: 2300,
      price_currency: 'CNY',
      class_number: 'I247.55',
      line: 2,
    });
    // Authors and translators separated as Chinese cataloguers separate them, by full-width semicolons.
    expect(JSON.parse((await entry('9787111544937')).authors)).toEqual([
      '（美）布赖恩特（Bryant，R. E.）',
      "（美）奥哈拉伦（O'Hallaron，D. R.）著",
      '龚奕利，贺莲译',
    ]);
    // A book without an ISBN pools by its title and first author, as a suggestion of it would
    // (the key folds both Chinese scripts, so 費孝通 and 费孝通 meet).
    const untitled = (await entries()).find((e) => e.isbn13 === null)!;
    expect(untitled).toMatchObject({ title: '乡土中国', work_key: titleAuthorWorkKey('鄉土中國', '費孝通著') });
    const [catalogue] = await h.db.orm.all(sql`SELECT name, vendor, issued, expires FROM catalogues`);
    expect(catalogue).toEqual({ name: RENMIN.name, vendor: '人天书店', issued: '2026-03-01', expires: null });
  });

  it('leaves out prices that name no currency, and says how to give one', async () => {
    const summary = await importOf(fixture('renmin-2026-03.csv'));
    expect(summary.imported).toBe(8);
    expect((await entry('9787536692930')).price_cents).toBeNull();
    expect(summary.warnings.join('\n')).toContain(
      '8 prices name no currency and were left out: say it with --currency',
    );
  });

  it('reads the same sheet saved in GB18030, as Excel in Chinese saves it', async () => {
    const summary = await importOf(fixture('renmin-2026-03-gb18030.csv'), { currency: 'CNY' });
    expect(summary).toMatchObject({ read: 8, imported: 8, rejected: 0 });
    expect(summary.warnings.join('\n')).toMatch(/GB18030/i);
    expect((await entry('9787020002207')).title).toBe('红楼梦');
    expect((await entry('9787108009821')).publisher).toBe('生活·读书·新知三联书店');
  });

  it('reads an English new-title sheet with its own currency column and LC classes', async () => {
    const summary = await importOf(fixture('gobi-new-titles.csv'), {
      catalogue: { name: 'GOBI new titles, March 2026', vendor: 'GOBI Library Solutions', issued: '2026-03-02' },
    });
    expect(summary).toMatchObject({ read: 5, imported: 5, rejected: 0 });
    expect(await entry('9780374533557')).toMatchObject({
      title: 'Thinking, fast and slow',
      authors: '["Daniel Kahneman"]',
      publisher: 'Farrar, Straus and Giroux',
      price_cents: 2000,
      price_currency: 'USD',
      class_number: 'BF441',
    });
  });

  it.each([
    ['dp2_cnmarc_new_titles.mrc', 'ISO 2709'],
    ['dp2_cnmarc_new_titles.xml', 'CNMARC-XML'],
  ])('reads CNMARC records (%s, %s) as the holdings import reads a book: 010, 200, 210, 690', async (file) => {
    const summary = await importOf(fixture(file));
    // Ten records; the print and the e-book of the 1997 report share an ISBN, so they are one work.
    expect(summary).toMatchObject({ read: 10, imported: 10, rejected: 0 });
    expect(await entries()).toHaveLength(9);
    expect(await entry('9787503717444')).toMatchObject({
      title: "'94中国发展报告",
      publisher: '中国统计出版社',
      published_year: 1994,
      price_cents: 6800,
      price_currency: 'CNY',
      class_number: 'F124',
    });
  });

  it('reads MARC21 order records a vendor sends (020, 245, 260, 082)', async () => {
    const summary = await importOf(fixture('evergreen_acq_order.mrc'), {
      catalogue: { name: 'Order file', vendor: 'Midwest', issued: '2026-03-02' },
    });
    expect(summary).toMatchObject({ read: 10, rejected: 0 });
    expect(summary.imported).toBe(10);
    const first = (await entries())[0]!;
    expect(first).toMatchObject({ isbn13: '9780823933860', class_number: '523.2', line: 1 });
    expect(first.title).toMatch(/^How do we know the size of the solar system/);
  });

  it('refuses rows it cannot take by their line numbers, and keeps the others', async () => {
    const csv = [
      'ISBN,题名,责任者,出版社,出版年,定价,中图分类号',
      '9787536692930,三体,刘慈欣,重庆出版社,2008,23.00,I247.55',
      '9787536692931,三体（错号）,刘慈欣,重庆出版社,2008,23.00,I247.55',
      '9787506365437,,余华,作家出版社,2012,20.00,I247.57',
      '9787020002207,红楼梦,曹雪芹,人民文学出版社,1996,59.70,I242.47',
    ].join('\n');
    const summary = await importOf(bufferSource('bad.csv', Buffer.from(csv)));
    expect(summary).toMatchObject({ read: 4, imported: 2, rejected: 2 });
    expect(summary.rejections[0]).toMatchObject({ line: 3 });
    expect(summary.rejections[0]!.reason).toMatch(/check digit/);
    expect(summary.rejections[1]).toEqual({ line: 4, reason: 'no title (the title column is empty)' });
  });

  it('refuses a file that is no catalogue, and a catalogue without a name or with impossible dates', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/workbook.xml')]);
    await expect(importOf(bufferSource('list.xlsx', xlsx))).rejects.toThrow(
      /an Excel workbook \(\.xlsx\), not MARC or text: save the vendor's sheet as CSV/,
    );
    await expect(importOf(bufferSource('x.csv', Buffer.from('ISBN,定价\n9787536692930,23\n')))).rejects.toThrow(
      'A catalogue sheet needs a title column (title, 题名 or 书名); this one has: ISBN, 定价.',
    );
    const sheet = fixture('gobi-new-titles.csv');
    await expect(importOf(sheet, { catalogue: { ...RENMIN, name: ' ' } })).rejects.toThrow(/needs a name/);
    await expect(importOf(sheet, { catalogue: { ...RENMIN, issued: '2026-02-30' } })).rejects.toThrow(
      'The issue date "2026-02-30" is not a day written YYYY-MM-DD.',
    );
    await expect(importOf(sheet, { catalogue: { ...RENMIN, expires: '2026-01-01' } })).rejects.toThrow(
      'The catalogue expires (2026-01-01) before it was issued (2026-03-01).',
    );
    expect(await entries()).toEqual([]);
  });

  it('updates the same catalogue from a later file of it, entry by entry, and does nothing for the same file twice', async () => {
    await importOf(fixture('renmin-2026-03.csv'), { currency: 'CNY' });
    const again = await importOf(fixture('renmin-2026-03.csv'), { currency: 'CNY' });
    expect(again.alreadyImported).toBe(true);
    const later =
      'ISBN,题名,责任者,出版社,出版年,定价,中图分类号\n9787536692930,三体,刘慈欣,重庆出版社,2008,28.00,I247.55\n';
    await importOf(bufferSource('later.csv', Buffer.from(later)), {
      currency: 'CNY',
      catalogue: { ...RENMIN, expires: '2026-06-30' },
    });
    expect(await h.db.orm.all(sql`SELECT expires FROM catalogues`)).toEqual([{ expires: '2026-06-30' }]);
    expect(await entries()).toHaveLength(8);
    expect((await entry('9787536692930')).price_cents).toBe(2800);
  });
});
