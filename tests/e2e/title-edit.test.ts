// Editing a title and endorsing it, in Chromium against the demo library served on 127.0.0.1:
// a selector sets a title's price and fund and reads the change in its history; the Computer
// Science liaison endorses it and sees the endorsement; in English and in Chinese, every page
// checked with axe-core. (The forms are plain HTML posts; tests/ui/title-edit.test.ts posts them
// without a browser.)
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoSignInChoices, loadDemoLibrary, readDemoLibrary } from '../../src/demo/library.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';
import { type ReplayServer, startReplayServer } from '../support/replay-server.js';
import { chromiumAvailable, screenshot } from './browser.js';
import { expectAccessible, openStage, signInAs as signInOnStage, type Stage } from './stage.js';

// Effective Java: asked for by two Computer Science students in the demo library.
const ISBN = '9780134685991';

// Four browsers on a machine shared with other work: room for a slow page.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

describe.runIf(chromiumAvailable())('editing and endorsing a title, in Chromium', () => {
  let replay: ReplayServer;
  let h: Harness;
  let stage: Stage;
  let titlePath: string;

  beforeAll(async () => {
    replay = await startReplayServer();
    h = await harness(
      {
        ENRICH_PROVIDERS: 'holdings,openlibrary,googlebooks',
        OPENLIBRARY_URL: `${replay.url}/openlibrary`,
        GOOGLE_BOOKS_URL: `${replay.url}/google`,
        LIBRARY_NAME: 'Demo University Library',
        RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
      },
      { signInChoices: demoSignInChoices(readDemoLibrary()) },
    );
    await loadDemoLibrary(h.deps, readDemoLibrary());
    await runRescoreJobs(h.deps);
    const row = h.db.sqlite.prepare('SELECT id FROM titles WHERE isbn13 = ?').get(ISBN) as { id: number };
    titlePath = `/titles/${row.id}`;
    stage = await openStage(h.app);
  });

  afterAll(async () => {
    await stage?.close();
    h?.close();
    await replay?.close();
  });

  /** Signed in as a demo person, reading the pages in `language`. */
  async function signedIn(name: RegExp, language: 'en' | 'zh-Hans'): Promise<Page> {
    const page = await stage.personPage(language === 'en' ? 'en-GB' : 'zh-CN');
    await signInOnStage(page, stage.base, name);
    await page.goto(`${stage.base}/lang/${language}?next=${encodeURIComponent(titlePath)}`);
    await page.waitForURL(new RegExp(`${titlePath}$`));
    return page;
  }

  /** Press a form's button and wait for the page it leads to (the same address, after a redirect). */
  async function submit(page: Page, button: string) {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
  }

  const accessible = expectAccessible;

  it('lets a selector set the price and fund, and shows who changed what in the history', async () => {
    const page = await signedIn(/Priya Shah/, 'en');
    await accessible(page);
    await page.getByLabel('Price of one copy').fill('39.50');
    await page.getByLabel('Currency (ISO code, such as USD or CNY)').fill('USD');
    await page.getByLabel('Fund', { exact: true }).fill('CS-MONO');
    await page.getByLabel('Staff note').fill('Vendor quotes six weeks.');
    await submit(page, 'Save changes');
    await expect(page.getByRole('status').textContent()).resolves.toBe('Your changes are saved.');
    const history = page.locator('ol.timeline');
    await expect(history.getByText('(empty) → CS-MONO, by Priya Shah').count()).resolves.toBe(1);
    await expect(history.getByText(/→ \$39\.50, by Priya Shah/).count()).resolves.toBe(1);
    await accessible(page);
    await screenshot(page, 'title-edit-en');

    // A year that is no year is refused by its field, and the focusable summary says why.
    await page.getByLabel('Year published').fill('20166');
    await submit(page, 'Save changes');
    await expect(
      page.getByRole('alert').getByText('Give the year as four digits, such as 2016.').count(),
    ).resolves.toBe(1);
    await accessible(page);
  });

  it('does the same in Chinese', async () => {
    const page = await signedIn(/Priya Shah/, 'zh-Hans');
    await expect(page.getByRole('heading', { name: '编辑此书目' }).count()).resolves.toBe(1);
    await page.getByLabel('订购册数').fill('3');
    await page.getByLabel('经费账户').fill('CS-RES');
    await submit(page, '保存修改');
    await expect(page.getByRole('status').textContent()).resolves.toBe('修改已保存。');
    await expect(
      page
        .locator('ol.timeline')
        .getByText(/→ CS-RES，修改人：Priya Shah$/)
        .count(),
    ).resolves.toBe(1);
    await accessible(page);
  });

  it('lets the department’s liaison endorse the title, and it shows', async () => {
    const page = await signedIn(/Helen Brooks/, 'en');
    await expect(page.getByText('No liaison has endorsed it yet.').count()).resolves.toBe(1);
    await expect(page.getByText('Vendor quotes six weeks.').count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: 'Edit this title' }).count()).resolves.toBe(0);
    await accessible(page);
    await page.getByLabel('Your comment').fill('Core reading for CS202 next term.');
    await submit(page, 'Endorse for my department');
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      'Your endorsement is recorded: it counts as demand for this title.',
    );
    await expect(page.getByRole('heading', { name: 'Endorsed by liaisons (1)' }).count()).resolves.toBe(1);
    await expect(page.getByText('“Core reading for CS202 next term.”').count()).resolves.toBe(1);
    await accessible(page);
    await screenshot(page, 'title-endorsed-en');
  });

  it('lets the liaison change and withdraw it in Chinese', async () => {
    const page = await signedIn(/Helen Brooks/, 'zh-Hans');
    await expect(page.getByRole('heading', { name: '院系联络人推荐（1）' }).count()).resolves.toBe(1);
    await page.getByLabel('您的意见').fill('CS202 课程的核心读物。');
    await submit(page, '更新我的推荐');
    await expect(page.getByText('“CS202 课程的核心读物。”').count()).resolves.toBe(1);
    await accessible(page);
    await submit(page, '撤回我的推荐');
    await expect(page.getByRole('status').textContent()).resolves.toBe('您的推荐已撤回。');
    await expect(page.getByRole('heading', { name: '院系联络人推荐（0）' }).count()).resolves.toBe(1);
    await accessible(page);
  });
});
