// Merging the demo's two 三体 titles in Chromium, in Chinese and in English: the issue's "done
// when" taken literally. The demo library keeps them apart as pooling must (one was asked for
// by its ISBN, one by its title and 劉慈欣, written the Traditional way), and a selector merges
// them from the title page, with forms that need no JavaScript; every page is checked with axe.
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSignInChoices, loadDemoLibrary, readDemoLibrary } from '../../src/demo/library.js';
import { type Harness, harness } from '../api/harness.js';
import { chromiumAvailable, screenshot } from './browser.js';
import { expectAccessible, openStage, type Stage, signInAs } from './stage.js';

describe.runIf(chromiumAvailable())('merging the demo’s two 三体 titles, in Chromium', () => {
  let h: Harness;
  let stage: Stage;
  let base: string;
  let byIsbn: number;
  let byTitle: number;

  beforeEach(async () => {
    h = await harness(
      { LIBRARY_NAME: 'Demo University Library', RATE_LIMIT_SIGNIN_PER_MINUTE: '0' },
      { signInChoices: demoSignInChoices(readDemoLibrary()) },
    );
    await loadDemoLibrary(h.deps, readDemoLibrary());
    const pair = h.db.sqlite.prepare("SELECT id, isbn13 FROM titles WHERE title = '三体' ORDER BY id").all() as {
      id: number;
      isbn13: string | null;
    }[];
    expect(pair).toHaveLength(2);
    byIsbn = pair.find((t) => t.isbn13)!.id;
    byTitle = pair.find((t) => !t.isbn13)!.id;
    stage = await openStage(h.app);
    base = stage.base;
  });
  afterEach(async () => {
    await stage?.close();
    h?.close();
  });

  async function selectorPage(language: string | null, javaScriptEnabled: boolean): Promise<Page> {
    const page = await stage.personPage('en-GB', { javaScriptEnabled });
    await signInAs(page, base, /Priya Shah/);
    const here = `/titles/${byIsbn}`;
    await page.goto(language ? `${base}/lang/${language}?next=${encodeURIComponent(here)}` : `${base}${here}`);
    return page;
  }

  /** One title with both requesters and one history: the merge note last, after both titles' steps. */
  function oneTitleWithBoth() {
    const titles = h.db.sqlite.prepare("SELECT id FROM titles WHERE title = '三体'").all();
    expect(titles).toEqual([{ id: byIsbn }]);
    const who = h.db.sqlite
      .prepare(
        'SELECT p.external_id AS who FROM suggestions s JOIN patrons p ON p.id = s.patron_id WHERE s.title_id = ? ORDER BY who',
      )
      .all(byIsbn);
    expect(who).toEqual([{ who: 'demo-meiling' }, { who: 'demo-wei' }]);
    const history = h.db.sqlite
      .prepare('SELECT count(*) AS n FROM status_events WHERE title_id IN (?, ?) AND title_id != ?')
      .get(byIsbn, byTitle, byIsbn);
    expect(history).toEqual({ n: 0 });
  }

  it('in Chinese, without JavaScript: one title with both requesters and one history', async () => {
    const page = await selectorPage('zh-Hans', false);
    await expect(page.getByRole('heading', { level: 2, name: '与另一题名合并' }).count()).resolves.toBe(1);
    const steps = await page.locator('ol.timeline li').count();
    await page.getByRole('radio', { name: /三体/ }).check();
    await screenshot(page, 'title-merge-zh-Hans');
    await page.getByRole('button', { name: '合并到本题名' }).click();
    await page.waitForURL(new RegExp(`/titles/${byIsbn}$`));
    await expect(page.getByRole('status').textContent()).resolves.toBe('《三体》（劉慈欣）已合并到《三体》。');
    const requesters = await page.locator('section[aria-labelledby="who"] tbody th').allTextContents();
    expect(requesters.join(' ')).toContain('王伟');
    expect(requesters.join(' ')).toContain('陳美玲');
    // The other title's steps joined this one's, and the merge is the last of them.
    const after = page.locator('ol.timeline li');
    expect(await after.count()).toBeGreaterThan(steps);
    await expect(after.last().textContent()).resolves.toContain(
      '已与《三体 / 劉慈欣》合并：其荐购和处理记录都在这里。',
    );
    oneTitleWithBoth();
    await screenshot(page, 'title-merge-zh-Hans-merged');
    // axe runs as a script: the merged page is checked in a browser that runs one.
    const checked = await selectorPage('zh-Hans', true);
    await expectAccessible(checked);
  });

  it('in English: the search finds the other title, the merge is said, and the merged-away title is gone', async () => {
    const page = await selectorPage(null, true);
    await expectAccessible(page);
    await page.getByLabel('Find the other title (title, author or ISBN)').fill('劉慈欣');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.waitForURL(/other=/);
    await page.getByRole('radio', { name: /三体/ }).check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Merge into this title' }).click();
    await page.waitForURL(new RegExp(`/titles/${byIsbn}$`));
    await expect(page.getByRole('status').textContent()).resolves.toBe('三体 by 劉慈欣 was merged into 三体.');
    await expect(page.getByRole('heading', { level: 2, name: 'Who asked (2)' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'title-merge-en-merged');
    oneTitleWithBoth();
    const gone = await page.goto(`${base}/titles/${byTitle}`);
    expect(gone?.status()).toBe(404);
  });
});
