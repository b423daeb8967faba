// The vendor catalogue (征订目录) in a real browser: Debian's Chromium against the app served
// over HTTP on 127.0.0.1, with the demo library and its CNPIEC list loaded. A patron searches
// the catalogue in Chinese, suggests a book with one click and a reason, and sees its count of
// readers (荐购人数) rise; an English reader does the same with scripts off. Every page is
// checked with axe-core and photographed into tests/e2e/output.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSignInChoices, loadDemoLibrary, readDemoLibrary } from '../../src/demo/library.js';
import { type Harness, harness } from '../api/harness.js';
import { chromiumAvailable, screenshot } from './browser.js';
import { expectAccessible, openStage, signInAs as signInOnStage, type Stage } from './stage.js';

describe.runIf(chromiumAvailable())('the vendor catalogue, in Chromium', () => {
  let h: Harness;
  let stage: Stage;

  beforeAll(async () => {
    h = await harness(
      { LIBRARY_NAME: 'Demo University Library', RATE_LIMIT_SIGNIN_PER_MINUTE: '0' },
      { signInChoices: demoSignInChoices(readDemoLibrary()) },
    );
    await loadDemoLibrary(h.deps, readDemoLibrary());
    stage = await openStage(h.app);
  });

  afterAll(async () => {
    await stage?.close();
    h?.close();
  });

  const personPage = (locale: string, javaScriptEnabled = true) => stage.personPage(locale, { javaScriptEnabled });

  const signInAs = (page: Page, name: RegExp, next: string) => signInOnStage(page, stage.base, name, next);

  const accessible = expectAccessible;

  /** The list item of a book, by its title. */
  const item = (page: Page, title: string) =>
    page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

  it('lets a patron search the catalogue in Chinese, suggest with one click, and see the count rise', async () => {
    const page = await personPage('zh-CN');
    await signInAs(page, /李娜/, '/catalogue');
    expect(new URL(page.url()).pathname).toBe('/catalogue');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('征订目录');
    await page.getByRole('link', { name: '征订目录' }).first().waitFor();
    await accessible(page);

    await page.getByLabel('题名、责任者、ISBN 或出版社').fill('活着');
    await page.getByRole('button', { name: '检索' }).click();
    await page.getByText('共找到 1 种书。').waitFor();
    const book = item(page, '活着');
    // 陳美玲 asked for it before, through the suggestion form.
    await expect(book.getByText('荐购人数：1').count()).resolves.toBe(1);
    await accessible(page);
    await screenshot(page, 'catalogue-zh-Hans');

    await book.getByRole('link', { name: '我也荐购' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('荐购《活着》');
    await page.getByLabel('荐购理由（可不填）').fill('中国现当代文学课程的必读书');
    await accessible(page);
    await screenshot(page, 'catalogue-confirm-zh-Hans');
    await page.getByRole('button', { name: '确认荐购' }).click();

    await page.waitForURL(/\/catalogue\?q=/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      '您已荐购《活着》：现在共有 2 位读者荐购。',
    );
    await expect(item(page, '活着').getByText('荐购人数：2').count()).resolves.toBe(1);
    await expect(item(page, '活着').getByRole('link', { name: '您已荐购：查看处理进度' }).count()).resolves.toBe(1);
    await accessible(page);
  });

  it('shows an English reader what the library has or has on order, and takes their suggestion too', async () => {
    const page = await personPage('en-GB');
    await signInAs(page, /Ana Lima/, '/catalogue');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('New titles from our vendors');
    // Bought on request and now on the shelf; bought and on its way.
    await expect(item(page, 'Effective Java').getByText('The library has it').count()).resolves.toBe(1);
    await expect(item(page, 'Use of weapons').getByText('On order').count()).resolves.toBe(1);
    await expect(
      item(page, 'Use of weapons')
        .getByRole('link', { name: /Suggest it|Ask for it too/ })
        .count(),
    ).resolves.toBe(0);

    await page.getByLabel('Class number').fill('I247');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('4 books found.').waitFor();
    const threeBody = item(page, 'The three-body problem');
    await expect(threeBody.getByText('Nobody has asked for it yet.').count()).resolves.toBe(1);
    await accessible(page);
    await screenshot(page, 'catalogue-en');

    await threeBody.getByRole('link', { name: 'Suggest it' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Suggest “The three-body problem”',
    );
    await accessible(page);
    await page.getByRole('button', { name: 'Suggest it' }).click();
    await page.waitForURL(/\/catalogue\?class=I247/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'You suggested “The three-body problem”: you are the first to ask for it.',
    );
    await expect(item(page, 'The three-body problem').getByText('Asked for by 1 reader.').count()).resolves.toBe(1);
    await accessible(page);
  });

  it('works without JavaScript: the link to suggest, the confirmation and the way back', async () => {
    // axe runs as a script: the same pages are checked with one in the tests above.
    const page = await personPage('en-GB', false);
    await signInAs(page, /Sam Okafor/, '/catalogue?q=Hail');
    await item(page, 'Project Hail Mary').getByRole('link', { name: 'Suggest it' }).click();
    await page.getByLabel('Why you want it (optional)').fill('For the astrobiology reading group');
    await page.getByRole('button', { name: 'Suggest it' }).click();
    await page.waitForURL(/\/catalogue\?q=Hail/);
    await expect(item(page, 'Project Hail Mary').getByText('Asked for by 1 reader.').count()).resolves.toBe(1);
  });

  it('shows an admin every catalogue with a button to delete it, accessibly', async () => {
    const page = await personPage('zh-TW');
    await signInAs(page, /Morgan Ellis/, '/catalogue');
    await page.getByRole('link', { name: '繁體中文' }).click();
    await expect(page.getByRole('heading', { name: '已匯入的目錄' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: '刪除目錄《2026年春季新书征订目录》' }).count()).resolves.toBe(1);
    await accessible(page);
  });
});
