// The web pages in a real browser: Debian's Chromium against the app served over HTTP on
// 127.0.0.1, with the demo library loaded and Open Library answered by the replay server.
// The steps run in order, as one story: a patron suggests, a second adds their voice, a
// selector approves, the first patron sees it. Every page is checked with axe-core and
// photographed into tests/e2e/output.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnrichment } from '../../src/jobs/enrich.js';
import { demoSignInChoices, loadDemoLibrary, readDemoLibrary } from '../../src/demo/library.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';
import { type ReplayServer, startReplayServer } from '../support/replay-server.js';
import { chromiumAvailable, launch, screenshot, seriousViolations } from './browser.js';

const WYRD_SISTERS = '0575043636';

describe.runIf(chromiumAvailable())('the web pages, in Chromium', () => {
  let replay: ReplayServer;
  let h: Harness;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let suggestionUrl = '';

  beforeAll(async () => {
    replay = await startReplayServer();
    h = await harness(
      {
        ENRICH_PROVIDERS: 'holdings,openlibrary,googlebooks',
        OPENLIBRARY_URL: `${replay.url}/openlibrary`,
        GOOGLE_BOOKS_URL: `${replay.url}/google`,
        LIBRARY_NAME: 'Demo University Library',
        // One address signs in as every demo person in turn; the sign-in brake is tested in tests/api.
        RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
      },
      { signInChoices: demoSignInChoices(readDemoLibrary()) },
    );
    await loadDemoLibrary(h.deps, readDemoLibrary());
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    h?.close();
    await replay?.close();
  });

  /** A browser of its own for each person, in their language. */
  async function personPage(locale = 'en-GB', javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ locale, javaScriptEnabled, viewport: { width: 1180, height: 900 } });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function signInAs(page: Page, name: RegExp, next = '/') {
    await page.goto(`${base}${next}`);
    await page.getByRole('button', { name }).click();
    await page.waitForLoadState('load');
  }

  async function accessible(page: Page) {
    expect(await seriousViolations(page), `axe on ${page.url()}`).toEqual([]);
  }

  it('checks accessibility with a checker that does find faults', async () => {
    const page = await personPage();
    await page.setContent('<html><body><img src="cover.png"><input type="text"></body></html>');
    const found = (await seriousViolations(page)).map((v) => v.id);
    expect(found).toEqual(expect.arrayContaining(['image-alt', 'label', 'html-has-lang']));
  });

  it('sends a visitor to sign in, offering the demo people, and is accessible', async () => {
    const page = await personPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
    await expect(page.getByRole('button', { name: /Ana Lima/ }).count()).resolves.toBe(1);
    await accessible(page);
    await screenshot(page, '01-sign-in');
  });

  it('lets a patron suggest by ISBN, looking it up as they type, and lists it', async () => {
    const page = await personPage();
    await signInAs(page, /Ana Lima/, '/suggest');
    expect(new URL(page.url()).pathname).toBe('/suggest');

    await page.getByLabel('ISBN', { exact: true }).pressSequentially(WYRD_SISTERS, { delay: 20 });
    await page.locator('#lookup').getByText('Wyrd sisters').waitFor();
    await accessible(page);
    await screenshot(page, '02-suggest-lookup');

    await page.getByLabel('Why should the library buy it?').fill('For the fantasy literature seminar');
    await page.getByRole('button', { name: 'Send suggestion' }).click();
    await page.waitForURL(/\/my\/suggestions\/\d+$/);
    suggestionUrl = page.url();
    await expect(page.getByRole('status').textContent()).resolves.toContain('we received your suggestion');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Wyrd sisters');
    await expect(page.locator('.card .status').textContent()).resolves.toBe('Submitted');
    await accessible(page);
    await screenshot(page, '03-suggestion-status');

    // The scheduled jobs run: the title gets its metadata and its score.
    await runEnrichment(h.deps);
    await runRescoreJobs(h.deps);
    await page.getByRole('link', { name: 'My suggestions' }).first().click();
    await page.getByRole('cell', { name: 'Wyrd sisters' }).waitFor();
    await accessible(page);
    await screenshot(page, '04-my-suggestions');
  });

  it('lets a second patron add their voice to the same book', async () => {
    const page = await personPage();
    await signInAs(page, /Tom Reyes/, '/suggest');
    await page.getByLabel('ISBN', { exact: true }).fill(`ISBN ${WYRD_SISTERS}`);
    const panel = page.locator('#lookup');
    await panel.getByText('1 person has asked for this too.').waitFor();
    await screenshot(page, '05-add-your-voice');
    await panel.getByRole('button', { name: 'Add your voice' }).click();
    await page.waitForURL(/\/my\/suggestions\/\d+$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'your voice is added to 1 other person who asked for this book',
    );
    await expect(page.getByText('2 people are asking for this book.').count()).resolves.toBe(1);
  });

  it('shows a selector the ranked list with reasons and the budget, and approves from it', async () => {
    await runRescoreJobs(h.deps);
    const page = await personPage();
    await signInAs(page, /Priya Shah/);
    expect(new URL(page.url()).pathname).toBe('/buylist');
    await page.getByLabel('Department').selectOption('CS');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/department=CS/);
    const row = page.getByRole('row').filter({ hasText: 'Wyrd sisters' });
    await expect(row.getByText(/2 requesters/).count()).resolves.toBe(1);
    await expect(page.locator('meter#budget-meter').count()).resolves.toBe(1);
    // The demo's Computer Science budget runs out within its list: the cut line is there to see.
    await expect(page.locator('tr.cut').isVisible()).resolves.toBe(true);
    await expect(page.getByText(/The first \d+ titles fit/).count()).resolves.toBe(1);
    // The score's parts open on demand.
    await row.locator('details.components summary').click();
    await expect(row.getByText('Requesters', { exact: true }).isVisible()).resolves.toBe(true);
    await accessible(page);
    await screenshot(page, '06-buy-list');

    await row.getByRole('button', { name: 'Approve: Wyrd sisters' }).click();
    await page.waitForURL(/\/buylist/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('1 title now Approved.');
    await expect(page.getByRole('row').filter({ hasText: 'Wyrd sisters' }).count()).resolves.toBe(0);
  });

  it('shows the first patron the new status and its history', async () => {
    const page = await personPage();
    await signInAs(page, /Ana Lima/, new URL(suggestionUrl).pathname);
    await expect(page.locator('.card .status').textContent()).resolves.toBe('Approved');
    const steps = await page.locator('ol.timeline li strong').allTextContents();
    expect(steps).toEqual(['Submitted', 'Approved']);
    await accessible(page);
    await screenshot(page, '07-status-approved');
  });

  it('shows a title with markup in it as text, never running it', async () => {
    const page = await personPage();
    await signInAs(page, /Jo Park/, '/suggest');
    const evil = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">Hacking 101';
    await page.getByLabel('Title', { exact: true }).fill(evil);
    await page.getByRole('button', { name: 'Send suggestion' }).click();
    await page.waitForURL(/\/my\/suggestions\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(evil);
    await expect(page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await expect(page.locator('main script, main img[src="x"]').count()).resolves.toBe(0);
  });

  it('works without JavaScript: the look-up button, and errors beside their fields', async () => {
    const page = await personPage('en-GB', false);
    await signInAs(page, /Sam Okafor/, '/suggest');
    await page.getByLabel('ISBN', { exact: true }).fill('0-575-04363-7');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#lookup').textContent()).resolves.toContain('check digit does not match');
    await page.getByRole('button', { name: 'Send suggestion' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('There is a problem');
    const field = page.getByLabel('ISBN', { exact: true });
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#isbn-error').textContent()).resolves.toContain('check digit does not match');
    await screenshot(page, '08-form-errors');
    // axe runs as a script, so the same errors are checked in a page that allows one.
    const checked = await personPage();
    await signInAs(checked, /Sam Okafor/, '/suggest');
    await checked.getByLabel('ISBN', { exact: true }).fill('0-575-04363-7');
    await checked.getByRole('button', { name: 'Send suggestion' }).click();
    await checked.getByRole('alert').waitFor();
    await accessible(checked);
  });

  it('speaks the browser’s language to a visitor, the patron’s own once signed in, and switches on any page', async () => {
    const page = await personPage('zh-TW');
    await page.goto(`${base}/signin`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hant');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('登入');
    await page.getByRole('button', { name: /王伟/ }).click();
    await page.waitForURL(/\/suggest$/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await page.getByRole('link', { name: '繁體中文' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hant');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('薦購圖書');
    await page.getByRole('link', { name: '简体中文' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('荐购图书');
    await accessible(page);
    await screenshot(page, '09-suggest-zh-Hans');
    await page.goto(`${base}/my/suggestions`);
    await screenshot(page, '10-my-suggestions-zh-Hans');
  });

  it('keeps the header of every role on one line at 1280, 1366 and 1440 pixels, in every language', async () => {
    const people: [RegExp, string][] = [
      [/Priya Shah/, '/buylist'],
      [/Helen Brooks/, '/departments/CS'],
      [/Morgan Ellis/, '/departments'],
      [/Ana Lima/, '/suggest'],
    ];
    const wrapped: string[] = [];
    for (const [person, path] of people) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await signInAs(page, person);
      for (const locale of ['en', 'zh-Hans', 'zh-Hant']) {
        await page.goto(`${base}/lang/${locale}?next=${encodeURIComponent(path)}`);
        for (const width of [1280, 1366, 1440]) {
          await page.setViewportSize({ width, height: 800 });
          // One line: everything in the bar begins above the bottom of the library's name.
          const oneLine = await page.evaluate(() => {
            const bar = document.querySelector('header.site .bar')!;
            const brand = bar.querySelector('.brand')!.getBoundingClientRect();
            return [...bar.children].every((item) => item.getBoundingClientRect().top < brand.bottom);
          });
          if (!oneLine) wrapped.push(`${person.source} ${locale} ${width}`);
        }
      }
    }
    expect(wrapped).toEqual([]);
  });

  it('shows a selector how the budget could split, from the header, at 1280 pixels, and is accessible', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await signInAs(page, /Priya Shah/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Fund allocation' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Fund allocation');
    // The chart is read as numbers: each department's suggested share and its budget now.
    const chart = page.getByRole('table', { name: 'Suggested share against the budget now' });
    await expect(chart.getByRole('rowheader').count()).resolves.toBe(13);
    await expect(chart.getByRole('row', { name: /Computer Science/ }).textContent()).resolves.toMatch(
      /\d+(\.\d)?% \(suggested\)0\.8% \(budget now\)/,
    );
    // A total typed in: the form is a GET, the page needs no script.
    await page.getByLabel('Total budget (USD)').fill('40000');
    await page.getByLabel('Period').selectOption('24');
    await page.getByRole('button', { name: 'Suggest a split' }).click();
    await page.waitForURL(/\/allocation\?total=40000&window=24/);
    await page.getByText('Suggested split of $40,000.00.').waitFor();
    const figures = page.getByRole('table', { name: 'Figures by department' });
    await expect(figures.getByRole('row', { name: /Computer Science/ }).textContent()).resolves.toMatch(
      /of loans from .* of the books \(use factor \d\.\d\)/,
    );
    // Nothing wider than the window at a laptop's width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await accessible(page);
    await screenshot(page, '13-allocation');
  });

  it('shows a selector how requests turned out, from the header, as charts read as numbers, and is accessible', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await signInAs(page, /Priya Shah/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Outcomes of requests');
    // The demo's books bought on request a year ago, and how much they were borrowed since.
    await page.getByText('Loans a title in its first year').first().waitFor();
    const use = page.getByRole('table', { name: 'Loans a title in its first year, by department' });
    await expect(use.getByRole('row', { name: /Computer Science/ }).textContent()).resolves.toContain('10.0');
    const bought = page.getByRole('table').filter({ hasText: 'Loans, 12 months' });
    await expect(bought.getByRole('row', { name: /Effective Java/ }).textContent()).resolves.toMatch(/\$54\.99\d+10$/);
    // The form is a GET: one department's requests, no script needed.
    await page.getByRole('combobox', { name: 'Department' }).selectOption({ label: 'Economics and Business' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/reports\?.*department=ECON/);
    await page.getByText('Outside the scope of the collection: 1').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await accessible(page);
    await page.goto(`${base}/reports`);
    await screenshot(page, '15-reports');
  });

  it('takes a patron from a catalogue’s OpenURL link through sign-in to the form filled in, in her language', async () => {
    const page = await personPage('zh-CN');
    const link =
      '/suggest?url_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook&rft.genre=book' +
      '&rft.btitle=Designing%20Data-Intensive%20Applications&rft.au=Kleppmann%2C%20Martin';
    await page.goto(`${base}${link}`);
    await page.getByRole('button', { name: /Ana Lima/ }).click();
    await page.waitForURL(/\/suggest\?/);
    await expect(page.locator('#title').inputValue()).resolves.toBe('Designing Data-Intensive Applications');
    await expect(page.locator('#author').inputValue()).resolves.toBe('Kleppmann, Martin');
    await accessible(page);
  });

  it('opens a title from the buy list: who asked and why, the score’s parts, in two languages, accessible', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await signInAs(page, /Priya Shah/, '/buylist');
    await page.locator('table.list tbody a[href^="/titles/"]').first().click();
    await page.waitForURL(/\/titles\/\d+$/);
    await page.getByRole('table', { name: 'The parts of the score' }).waitFor();
    await expect(page.getByRole('heading', { name: /Who asked/ }).count()).resolves.toBe(1);
    await accessible(page);
    await screenshot(page, '16-title');
    await page.goto(`${base}/lang/zh-Hans?next=${encodeURIComponent(new URL(page.url()).pathname)}`);
    await page.getByRole('table', { name: '评分的组成' }).waitFor();
    await accessible(page);
  });

  it('lets an admin import an ILL export from the header’s imports page, and read the summary and a refusal', async () => {
    const page = await personPage();
    await signInAs(page, /Morgan Ellis/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Imports' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Imports');
    await accessible(page);
    await page.getByRole('link', { name: 'Interlibrary loans' }).click();
    await page
      .getByLabel('The file', { exact: true })
      .setInputFiles(new URL('../../fixtures/ill/illiad-transactions.csv', import.meta.url).pathname);
    await page.getByLabel(/^Exported from/).selectOption('illiad');
    await page.getByRole('button', { name: 'Import the file' }).click();
    await page.getByRole('heading', { name: 'Imported from “illiad-transactions.csv”' }).waitFor();
    const rejected = page.getByRole('table', { name: 'The 1 rejected row' });
    await expect(rejected.getByRole('row').nth(1).textContent()).resolves.toBe('7neither a title nor a valid ISBN');
    await accessible(page);
    await screenshot(page, '14-imports');
    // A file the importer cannot read: its reason, quoted, beside the form, with a summary above.
    await page.getByRole('link', { name: 'All imports' }).click();
    await page.getByRole('link', { name: 'Loans', exact: true }).click();
    await page.getByLabel('The file', { exact: true }).setInputFiles({
      name: 'loans.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('when,isbn\n2025-01-01,0596007590\n'),
    });
    await page.getByRole('button', { name: 'Import the file' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('the importer’s reason is beside the form');
    await expect(page.locator('#refusal samp').textContent()).resolves.toMatch(/^The file has no "loaned_at" column/);
    await accessible(page);
  });

  it('shows a liaison their department and the digest as it would be sent', async () => {
    const page = await personPage();
    await signInAs(page, /Helen Brooks/);
    expect(new URL(page.url()).pathname).toBe('/departments/CS');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Computer Science');
    await page.getByRole('heading', { name: /Borrowing by discipline/ }).waitFor();
    await accessible(page);
    await screenshot(page, '11-department');
    await page.getByRole('link', { name: 'Preview the digest' }).click();
    await expect(page.title()).resolves.toMatch(/^Computer Science: library suggestions/);
    await screenshot(page, '12-digest-preview');
    // Another department's view is not theirs.
    const other = await page.goto(`${base}/departments/HIST`);
    expect(other?.status()).toBe(403);
  });
});
