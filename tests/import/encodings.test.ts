// CSV files in the encodings libraries' systems and spreadsheets write, as real files (built
// with iconv, see fixtures/README.md, or from UTF-16's known bytes): each is read as written,
// and text that does not decode is refused by its line, never stored.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { fileSource } from '../../src/node/file-source.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { importSuggestions } from '../../src/services/imports/suggestions.js';
import { type Harness, harness } from '../api/harness.js';

const fixture = (name: string) => fileSource(new URL(`../../fixtures/encodings/${name}`, import.meta.url).pathname);
const DEPARTMENTS = 'code,name,liaison_email,locale,fund,budget,disciplines';

describe('CSV files in other encodings than UTF-8', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const names = async () =>
    (await h.db.orm.all<{ code: string; name: string }>(sql`SELECT code, name FROM departments ORDER BY code`)).map(
      (d) => `${d.code} ${d.name}`,
    );
  const loanDepartments = async () =>
    (
      await h.db.orm.all<{ d: string; c: string }>(
        sql`SELECT department_code d, patron_category c FROM loans ORDER BY id`,
      )
    ).map((l) => `${l.d} ${l.c}`);

  it('reads a GB18030 departments file as written, and says which encoding it read', async () => {
    const summary = await importDepartments(h.deps, fixture('departments-gb18030.csv'));
    expect(summary).toMatchObject({ read: 2, imported: 2, rejected: 0 });
    expect(await names()).toEqual(['CHN 中国语言文学系', 'HIST 历史学系']);
    expect(summary.warnings).toEqual([expect.stringContaining('read as gb18030, recognised from its bytes')]);
  });

  it('reads a Big5 departments file as written', async () => {
    const summary = await importDepartments(h.deps, fixture('departments-big5.csv'));
    expect(summary).toMatchObject({ imported: 2, rejected: 0 });
    expect(await names()).toEqual(['CHN 中國語言文學系', 'HIST 歷史學系']);
  });

  it('reads a Windows-1252 departments file as written, dashes included', async () => {
    await importDepartments(h.deps, fixture('departments-windows-1252.csv'));
    expect(await names()).toEqual(['FREN Études françaises', 'GERM Germanistik – Müller-Institut']);
  });

  it('reads a GB18030 loan export, departments and categories as written', async () => {
    h.advance(365 * 86_400_000);
    expect(await importLoans(h.deps, fixture('loans-gb18030.csv'))).toMatchObject({ imported: 3, rejected: 0 });
    expect(await loanDepartments()).toEqual(['计算机科学系 本科生', '中国语言文学系 研究生', '计算机科学系 教师']);
  });

  it('reads a Big5 loan export, departments and categories as written', async () => {
    h.advance(365 * 86_400_000);
    expect(await importLoans(h.deps, fixture('loans-big5.csv'))).toMatchObject({ imported: 3, rejected: 0 });
    expect(await loanDepartments()).toEqual(['資訊工程學系 大學部', '中國語言文學系 研究所', '資訊工程學系 教師']);
  });

  it('reads UTF-16 with a byte-order mark, and without one in either byte order', async () => {
    const text = `${DEPARTMENTS}\nCHN,中文系,,zh-Hans,,,\nHIST,歷史學系,,zh-Hant,,,\n`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(text, 'utf16le').swap16();
    for (const [name, bytes] of [
      ['bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['le.csv', le],
      ['be.csv', be],
    ] as const) {
      const summary = await importDepartments(h.deps, bufferSource(name, bytes));
      expect(summary, name).toMatchObject({ imported: 2, rejected: 0 });
      expect(await names(), name).toEqual(['CHN 中文系', 'HIST 歷史學系']);
      await h.db.orm.run(sql`DELETE FROM departments`);
    }
  });

  it('reads a file in the encoding it is told, and refuses an encoding that does not exist', async () => {
    const summary = await importDepartments(h.deps, fixture('departments-gb18030.csv'), { encoding: 'GBK' });
    expect(summary.warnings).toEqual(['the file was read as gbk']);
    expect(await names()).toEqual(['CHN 中国语言文学系', 'HIST 历史学系']);
    await expect(importDepartments(h.deps, fixture('departments-big5.csv'), { encoding: 'klingon' })).rejects.toThrow(
      /There is no text encoding "klingon"/,
    );
  });

  it('refuses a row that does not decode by its line, and stores nothing of it', async () => {
    const file = Buffer.concat([
      Buffer.from(`${DEPARTMENTS}\nCHN,中国语言文学系,,zh-Hans,,,\nHIST,历史`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('学系,,zh-Hans,,,\nMATH,数学系,,zh-Hans,,,\n'),
    ]);
    const summary = await importDepartments(h.deps, bufferSource('damaged.csv', file));
    expect(summary).toMatchObject({ read: 3, imported: 2, rejected: 1 });
    expect(summary.rejections).toEqual([
      { line: 3, reason: expect.stringContaining('the row holds bytes that are not utf-8 text') },
    ]);
    expect(await names()).toEqual(['CHN 中国语言文学系', 'MATH 数学系']);
    expect((await h.db.orm.all(sql`SELECT name FROM departments WHERE name LIKE ${'%\uFFFD%'}`)).length).toBe(0);
  });

  it('refuses a file whose header does not decode', async () => {
    const file = Buffer.concat([Buffer.from('loaned_at,call_'), Buffer.from([0xff]), Buffer.from('number\n')]);
    await expect(importLoans(h.deps, bufferSource('x.csv', file), { encoding: 'utf-8' })).rejects.toThrow(
      /The header row \(line 1\) is not utf-8 text/,
    );
  });

  it('reads holdings and suggestion history in Big5 and GB18030', async () => {
    expect(await importHoldings(h.deps, fixture('holdings-big5.csv'))).toMatchObject({ imported: 5, rejected: 0 });
    const titles = await h.db.orm.all<{ title: string }>(sql`SELECT title FROM holdings ORDER BY call_number`);
    expect(titles.map((t) => t.title)).toEqual(['西遊記', '水滸傳', '三國演義', '紅樓夢', '史記']);

    expect(await importSuggestions(h.deps, fixture('suggestions-gb18030.csv'))).toMatchObject({
      imported: 3,
      rejected: 0,
    });
    const given = await h.db.orm.all<{ t: string; a: string }>(
      sql`SELECT given_title t, given_author a FROM suggestions ORDER BY created_at`,
    );
    expect(given.map((g) => `${g.t} ${g.a}`)).toEqual(['史记 司马迁', '红楼梦 曹雪芹', '三国演义 罗贯中']);
  });
});
