// The selector's buy list view and the staff pages in a real browser: Debian's Chromium against
// the app served over HTTP on 127.0.0.1, with the demo library loaded. A selector searches,
// sorts and pages the buy list; an admin sends a dead message again, makes and revokes a token,
// sets a department's budget and uploads an import, watching its progress; in English and in
// Chinese, each page checked with axe-core and photographed into tests/e2e/output.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSignInChoices, loadDemoLibrary, readDemoLibrary } from '../../src/demo/library.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';
import { chromiumAvailable, screenshot } from './browser.js';
import { expectAccessible, openStage, signInAs as signInOnStage, type Stage } from './stage.js';

describe.runIf(chromiumAvailable())('the buy list view and the staff pages, in Chromium', () => {
  let h: Harness;
  let stage: Stage;

  beforeAll(async () => {
    h = await harness(
      {
        // Nothing is looked up: the demo's recorded metadata is enough.
        ENRICH_PROVIDERS: 'holdings',
        LIBRARY_NAME: 'Demo University Library',
        RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
      },
      { signInChoices: demoSignInChoices(readDemoLibrary()) },
    );
    await loadDemoLibrary(h.deps, readDemoLibrary());
    await runRescoreJobs(h.deps);
    stage = await openStage(h.app);
  });

  afterAll(async () => {
    await stage?.close();
    h?.close();
  });

  async function signedIn(name: RegExp, locale: 'en' | 'zh-Hans' = 'en') {
    const page = await stage.personPage('en-US', { width: 1280 });
    await signInOnStage(page, stage.base, name);
    await page.goto(`${stage.base}/lang/${locale}?next=%2F`);
    return page;
  }

  const accessible = expectAccessible;

  /** The titles of the buy list, in the order shown. */
  const listed = (page: Page) => page.locator('table.list tbody tr:not(.cut) td strong a').allTextContents();

  it('lets a selector search the buy list by ISBN or words, sort it by a column and page through it', async () => {
    const page = await signedIn(/Priya Shah/);
    await page.goto(`${stage.base}/buylist?all=true`);
    const all = await listed(page);
    expect(all.length).toBeGreaterThan(6);
    const third = await page.locator('table.list tbody tr:not(.cut) td strong a').nth(2).getAttribute('href');
    const { isbn13 } = h.db.sqlite
      .prepare('SELECT isbn13 FROM titles WHERE id = ?')
      .get(Number(third!.split('/').pop())) as {
      isbn13: string;
    };
    // An ISBN typed as it is printed, with its hyphens, finds its title, ranked where it is on the whole list.
    const hyphenated = `${isbn13.slice(0, 3)}-${isbn13.slice(3, 4)}-${isbn13.slice(4, 12)}-${isbn13.slice(12)}`;
    await page.getByLabel('Search').fill(hyphenated);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/q=/);
    expect(await listed(page)).toEqual([all[2]]);
    await expect(page.locator('table.list tbody tr td.num').first().textContent()).resolves.toBe('3');
    await accessible(page);
    await screenshot(page, 'staff-01-buylist-search');

    // The price column sorts the list, cheapest first, then the other way.
    await page.goto(`${stage.base}/buylist?all=true`);
    await page.getByRole('link', { name: 'Price', exact: true }).click();
    await page.waitForURL(/sort=price/);
    const header = page.getByRole('columnheader', { name: /Price/ });
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    const prices = async () =>
      (await page.locator('table.list tbody tr:not(.cut) td:nth-child(6)').allTextContents())
        .filter((p) => p !== '–')
        .map((p) => Number(p.replace(/[^0-9.]/g, '')));
    const ascending = await prices();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.getByRole('link', { name: /Price/ }).click();
    await page.waitForURL(/dir=desc/);
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    const descending = await prices();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await accessible(page);

    // Five a page: the second page goes on where the first stopped.
    await page.goto(`${stage.base}/buylist?all=true&limit=5`);
    const pages = Math.ceil(all.length / 5);
    await page.getByText(`page 1 of ${pages}`).first().waitFor();
    await page
      .getByRole('navigation', { name: 'Pages of the list' })
      .getByRole('link', { name: /Next page/ })
      .click();
    await page.waitForURL(/page=2/);
    expect(await listed(page)).toEqual(all.slice(5, 10));
    await expect(page.getByLabel('Titles a page').inputValue()).resolves.toBe('5');
    await accessible(page);
    await screenshot(page, 'staff-02-buylist-page-2');
  });

  it('gives the buy list in Chinese with its sorting and pages', async () => {
    const page = await signedIn(/Priya Shah/, 'zh-Hans');
    await page.goto(`${stage.base}/buylist?all=true&limit=5`);
    await page.getByRole('link', { name: '荐购', exact: true }).click();
    await page.waitForURL(/sort=requesters/);
    await expect(page.getByRole('columnheader', { name: /荐购/ }).first().getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    await page
      .getByRole('navigation', { name: '清单分页' })
      .getByRole('link', { name: /下一页/ })
      .click();
    await page.waitForURL(/page=2/);
    await page
      .getByText(/第 2 页，共 \d+ 页/)
      .first()
      .waitFor();
    await accessible(page);
    await screenshot(page, 'staff-03-buylist-zh-Hans');
  });

  it('lets an admin find a dead message in the outbox and send it again', async () => {
    h.db.sqlite
      .prepare(
        "UPDATE notifications SET status = 'dead', attempts = 8, last_error = 'SMTP 550: mailbox unavailable' WHERE rowid = (SELECT min(rowid) FROM notifications WHERE title_id IS NOT NULL)",
      )
      .run();
    const page = await signedIn(/Morgan Ellis/);
    await page.goto(`${stage.base}/buylist`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByLabel('State').selectOption('dead');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/state=dead/);
    await page.getByText('SMTP 550: mailbox unavailable').waitFor();
    await accessible(page);
    await screenshot(page, 'staff-04-outbox-dead');
    await page.getByRole('button', { name: /^Send again: / }).click();
    await page.waitForURL(/\/outbox$/);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe('1 message queued to be sent again.');
    expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM notifications WHERE status = 'dead'").get()).toEqual({
      n: 0,
    });
    await accessible(page);
  });

  it('lets an admin make a liaison token, shown once, and revoke it, in Chinese', async () => {
    const page = await signedIn(/Morgan Ellis/, 'zh-Hans');
    await page.goto(`${stage.base}/tokens`);
    await page.getByLabel('角色').selectOption('liaison');
    await page.getByLabel('持有人或用途').fill('历史系联络人');
    // Without a department the form says what is missing, beside the field.
    await page.getByRole('button', { name: '创建令牌' }).click();
    await page.getByText('请选择这位联络人所代表的院系。').first().waitFor();
    await accessible(page);
    await page.getByLabel('院系', { exact: true }).selectOption('HIST');
    await page.getByRole('button', { name: '创建令牌' }).click();
    await page.getByRole('heading', { name: '历史系联络人的令牌' }).waitFor();
    const secret = await page.getByLabel('令牌', { exact: true }).inputValue();
    expect(secret).toMatch(/^r2b_/);
    await accessible(page);
    await screenshot(page, 'staff-05-token-made-zh-Hans');
    // The secret signs the liaison in; revoked, it no longer does.
    const liaison = await h.call('GET', '/api/v1/buylist', { token: secret });
    expect(liaison.status).toBe(200);
    await page.goto(`${stage.base}/tokens`);
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('button', { name: '撤销历史系联络人的令牌' }).click();
    await page.waitForURL(/\/tokens$/);
    await page.getByText('历史系联络人的令牌已撤销。').waitFor();
    expect((await h.call('GET', '/api/v1/buylist', { token: secret })).status).toBe(401);
    await accessible(page);
  });

  it("lets an admin set a department's budget, which the buy list then draws against", async () => {
    const page = await signedIn(/Morgan Ellis/);
    await page.goto(`${stage.base}/departments`);
    await accessible(page);
    await page.getByRole('link', { name: 'Edit Computer Science' }).click();
    await page.getByLabel(/^Budget/).fill('lots');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Give the budget as an amount, such as 1500 or 1500.50.').first().waitFor();
    await accessible(page);
    await page.getByLabel(/^Budget/).fill('7250.50');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/departments$/);
    await page.getByText('Computer Science is saved.').waitFor();
    await expect(page.getByRole('row', { name: /Computer Science/ }).textContent()).resolves.toContain('$7,250.50');
    await accessible(page);
    await screenshot(page, 'staff-06-departments');
    await page.goto(`${stage.base}/buylist?department=CS`);
    await page.getByText('Budget $7,250.50', { exact: false }).waitFor();
  });

  it('uploads an import showing its progress, then shows it in the history with its rejected rows', async () => {
    const page = await signedIn(/Morgan Ellis/);
    await page.goto(`${stage.base}/imports/departments`);
    // The server takes its time, so the progress can be seen.
    await page.route('**/imports/departments', async (route) => {
      if (route.request().method() === 'POST') await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await page.locator('#i-file').setInputFiles({
      name: 'new-departments.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('code,name,budget\nPHIL,Philosophy,900\nbad code!,Nowhere,1\n'),
    });
    await page.getByRole('button', { name: /Import/ }).click();
    const progress = page.locator('.upload-progress');
    await progress.waitFor({ state: 'visible' });
    await expect(progress.getByRole('status').textContent()).resolves.toMatch(/Sending the file|Reading the file/);
    await screenshot(page, 'staff-07-import-progress');
    await page.locator('#outcome').waitFor();
    await expect(page.locator('#outcome').textContent()).resolves.toContain('new-departments.csv');
    await accessible(page);

    await page.goto(`${stage.base}/imports`);
    await page.getByRole('link', { name: 'Every import, with its rejected rows' }).click();
    await page.getByRole('link', { name: 'new-departments.csv' }).click();
    await page.getByText('2 read: 1 imported, 1 rejected, 0 skipped').waitFor();
    await expect(page.getByRole('row', { name: /^3 / }).textContent()).resolves.toContain('code: letters, digits');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the rejected rows (CSV)' }).click();
    expect((await download).suggestedFilename()).toBe('new-departments-rejections.csv');
    await accessible(page);
    await screenshot(page, 'staff-08-import-run');
  });
});
