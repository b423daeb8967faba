// The patron's side in a real browser, in English and in Chinese: the richer form filled in
// and sent, the request changed before review, withdrawn at the open limit to make room, and
// suggested again; a book the library already has shows where it is, links to its record in
// the catalogue, and places a hold in Koha (the stand-in checks the hold against Koha's
// schema). Every page is checked with axe-core.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { type Harness, harness } from '../api/harness.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { chromiumAvailable, screenshot } from './browser.js';
import { expectAccessible, openStage, type Stage } from './stage.js';

const HOLDINGS =
  'isbn,call_number,location,items,record_id\n9780262032933,QA76.6 .I5858 2001,Main Library 3rd floor,2,4242\n';

describe.runIf(chromiumAvailable())("the patron's side, in Chromium", () => {
  let koha: KohaStandIn;
  let h: Harness;
  let stage: Stage;
  let base: string;

  beforeAll(async () => {
    koha = await kohaStandIn();
    koha.patrons.set('ana', 51);
    koha.patrons.set('li', 52);
    h = await harness(
      {
        SUGGEST_MAX_OPEN: '1',
        RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
        RATE_LIMIT_INTAKE_PER_MINUTE: '0',
        FORMATS: 'print,large-print,ebook',
        PICKUP_BRANCHES: 'CPL=Centerville,MPL=Midway',
        CATALOGUE_URL: 'https://opac.example.edu/cgi-bin/koha/opac-detail.pl?biblionumber={record}',
        ILS: 'koha',
        ILS_URL: koha.url,
        ILS_USERNAME: 'r2b',
        ILS_PASSWORD: 'secret',
      },
      { ilsMap: ilsMapSchema.parse({ library: 'CPL', pickup: 'CPL', formats: { print: 'BK' } }) },
    );
    await importHoldings(h.deps, bufferSource('holdings.csv', Buffer.from(HOLDINGS)));
    stage = await openStage(h.app);
    base = stage.base;
  });

  afterAll(async () => {
    await stage?.close();
    h?.close();
    await koha?.close();
  });

  /** A patron signed in with their token, in a browser of their own, the pages in their language. */
  async function patron(externalId: string, locale: 'en' | 'zh-Hans'): Promise<Page> {
    const page = await stage.personPage('en');
    await page.goto(`${base}/signin?next=%2Fsuggest`);
    await page.locator('#token').fill(await h.patronToken(externalId));
    await page.locator('form[action="/signin"] button[type="submit"]').click();
    await page.waitForURL(/\/suggest$/);
    if (locale !== 'en') {
      await page.goto(`${base}/lang/${locale}?next=%2Fsuggest`);
      await page.waitForURL(/\/suggest$/);
    }
    return page;
  }

  it('in English: fills the richer form, changes the request, withdraws it at the limit and suggests again', async () => {
    const page = await patron('ana', 'en');
    await page.locator('#title').fill('Clean code');
    await page.locator('#author').fill('Robert C. Martin');
    await page.getByLabel('Publisher').fill('Prentice Hall');
    await page.getByLabel('Year').fill('2008');
    await page.getByLabel('Edition', { exact: true }).fill('1st edition');
    await page.getByLabel('Series').fill('Robert C. Martin series');
    await page.getByLabel('Large print').check();
    await page.getByLabel('Where would you collect it?').selectOption('MPL');
    await page.getByLabel('A note to the library staff').fill('The printing with the errata, please.');
    await expectAccessible(page);
    await screenshot(page, 'patron-01-richer-form');
    await page.getByRole('button', { name: 'Send suggestion' }).click();
    await page.waitForURL(/\/my\/suggestions\/\d+$/);
    const mine = page.url();
    await page.getByText('1st edition. Prentice Hall, 2008. (Robert C. Martin series)').waitFor();
    await page.getByText('Midway').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Change the details' }).click();
    await page.getByLabel('Why should the library buy it?').fill('For the software engineering course');
    await page.getByLabel('E-book').check();
    await expectAccessible(page);
    await screenshot(page, 'patron-02-change');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(mine);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your changes are saved.');
    await page.getByText('The requester changed the details of their request.').waitFor();

    // At the limit of one open suggestion: the refusal points to the way to free a place.
    await page.goto(`${base}/suggest`);
    await page.locator('#title').fill('Refactoring');
    await page.getByRole('button', { name: 'Send suggestion' }).click();
    await page.getByText('To free a place now, withdraw a suggestion you no longer need from').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'patron-03-at-limit');
    await page.getByRole('link', { name: 'your suggestions' }).click();
    await page.getByRole('link', { name: 'Clean code' }).click();
    await page.getByRole('button', { name: 'Withdraw this suggestion' }).click();
    await page.waitForURL(/\/my\/suggestions$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Your suggestion of Clean code is withdrawn.',
    );
    await expectAccessible(page);

    await page.goto(`${base}/suggest`);
    await page.locator('#title').fill('Refactoring');
    await page.getByRole('button', { name: 'Send suggestion' }).click();
    await page.waitForURL(/\/my\/suggestions\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Refactoring');
  });

  it('in Chinese: suggests, changes and withdraws, all in Chinese', async () => {
    const page = await patron('li', 'zh-Hans');
    await page.locator('#title').fill('三体');
    await page.locator('#author').fill('刘慈欣');
    await page.getByLabel('出版社').fill('重庆出版社');
    await page.getByLabel('大字本').check();
    await expectAccessible(page);
    await screenshot(page, 'patron-04-form-zh');
    await page.getByRole('button', { name: '提交荐购' }).click();
    await page.waitForURL(/\/my\/suggestions\/\d+$/);
    await page.getByRole('heading', { name: '修改或撤回' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: '修改荐购信息' }).click();
    await page.getByLabel('推荐理由').fill('科幻文学课程用书');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('修改已保存。');
    await page.getByRole('button', { name: '撤回此荐购' }).click();
    await page.waitForURL(/\/my\/suggestions$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('已撤回您对三体的荐购。');
    await expectAccessible(page);
    await screenshot(page, 'patron-05-withdrawn-zh');
  });

  it('shows a held book in words, links to its record and places a hold in Koha, in English and Chinese', async () => {
    const ana = await patron('ana', 'en');
    await ana.goto(`${base}/suggest?isbn=0262032937`);
    await ana.getByText('Look for it under the call number QA76.6 .I5858 2001, at Main Library 3rd floor.').waitFor();
    await expect(ana.getByRole('link', { name: 'See it in the catalogue' }).getAttribute('href')).resolves.toBe(
      'https://opac.example.edu/cgi-bin/koha/opac-detail.pl?biblionumber=4242',
    );
    await expectAccessible(ana);
    await screenshot(ana, 'patron-06-held');
    await ana.getByLabel('Where would you collect it?').selectOption('MPL');
    await ana.getByRole('button', { name: 'Place a hold' }).click();
    await ana.waitForURL(/\/suggest\?isbn=0262032937$/);
    await expect(ana.getByRole('status').textContent()).resolves.toContain('A hold is in place for you');
    await expectAccessible(ana);

    const li = await patron('li', 'zh-Hans');
    await li.goto(`${base}/suggest?isbn=0262032937`);
    await li.getByText('索书号 QA76.6 .I5858 2001，位于Main Library 3rd floor。').waitFor();
    await li.getByRole('button', { name: '预约此书' }).click();
    await expect(li.getByRole('status').textContent()).resolves.toContain('已为您预约');
    await expectAccessible(li);
    await screenshot(li, 'patron-07-hold-zh');

    expect(koha.refused).toEqual([]);
    expect(koha.holds).toEqual([
      expect.objectContaining({ patron_id: 51, biblio_id: 4242, pickup_library_id: 'MPL' }),
      expect.objectContaining({ patron_id: 52, biblio_id: 4242, pickup_library_id: 'CPL' }),
    ]);
  });
});
