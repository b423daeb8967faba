// Koha's order mode as staff see it, in Chromium: the demo library connected to the stand-in
// Koha with KOHA_MODE=order; a title approved here goes to the basket as a record and an order
// line, staff close the basket in Koha, and the selector's title page and the administrator's
// ILS page show Koha's order number and catalogue record, in English and in Chinese, axe-clean.
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSignInChoices, loadDemoLibrary, readDemoLibrary } from '../../src/demo/library.js';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { runIlsPush } from '../../src/services/ils/outbox.js';
import { runIlsSync } from '../../src/services/ils/sync.js';
import { type Harness, harness } from '../api/harness.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { chromiumAvailable, screenshot } from './browser.js';
import { expectAccessible, openStage, signInAs as signInOnStage, type Stage } from './stage.js';

describe.runIf(chromiumAvailable())("Koha's order mode, in Chromium", () => {
  let koha: KohaStandIn;
  let h: Harness;
  let stage: Stage;
  let titleId: number;
  let title: string;
  let orderId: number;
  let biblioId: number;

  beforeAll(async () => {
    koha = await kohaStandIn();
    h = await harness(
      {
        LIBRARY_NAME: 'Demo University Library',
        RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
        ILS: 'koha',
        KOHA_MODE: 'order',
        ILS_URL: koha.url,
        ILS_USERNAME: 'r2b',
        ILS_PASSWORD: 'secret',
      },
      { signInChoices: demoSignInChoices(readDemoLibrary()) },
    );
    await loadDemoLibrary(h.deps, readDemoLibrary());
    // Each of the demo departments' funds is a fund in Koha.
    const funds = await h.db.orm.all<{ fund: string }>(sql`SELECT DISTINCT fund FROM departments ORDER BY fund`);
    const ilsMap = ilsMapSchema.parse({
      basket: '3',
      funds: Object.fromEntries(funds.map(({ fund }, i) => [fund, String(11 + i)])),
      pickup: 'CPL',
    });
    Object.assign(h.deps, { ilsMap });
    const open = await h.db.orm.get<{ id: number; title: string }>(
      sql`SELECT id, title FROM titles WHERE status IN ('submitted', 'in_review') AND title IS NOT NULL ORDER BY id LIMIT 1`,
    );
    ({ id: titleId, title } = open!);
    const selector = await h.token('selector', { externalId: 'demo-priya' });
    const moved = await h.call('POST', `/api/v1/titles/${titleId}/status`, {
      token: selector,
      body: { status: 'approved' },
    });
    expect(moved.status).toBe(200);
    await runIlsPush(h.deps);
    const [order] = [...koha.orders.values()];
    orderId = order!.order_id as number;
    biblioId = order!.biblio_id as number;
    koha.closeBasket(3);
    await runIlsSync(h.deps);
    stage = await openStage(h.app);
  });

  afterAll(async () => {
    await stage?.close();
    h?.close();
    await koha?.close();
    expect(koha.refused).toEqual([]);
  });

  const personPage = (locale: string) => stage.personPage(locale);

  const signInAs = (page: Page, name: RegExp, next: string) => signInOnStage(page, stage.base, name, next);

  const accessible = expectAccessible;

  it("shows the selector the title's Koha order number and record, in English and in Simplified Chinese", async () => {
    const page = await personPage('en-GB');
    await signInAs(page, /Priya Shah/, `/titles/${titleId}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await page.getByText(`In Koha as ${orderId} · Koha says ordered · catalogue record ${biblioId}`).waitFor();
    await accessible(page);
    await screenshot(page, 'koha-orders-title');

    // Priya reads English by her profile: she switches on the page.
    await page.getByRole('link', { name: '简体中文' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await page.getByText(`已在 Koha 中，编号 ${orderId} · Koha 状态：ordered · 书目记录 ${biblioId}`).waitFor();
    await accessible(page);
  });

  it('shows the administrator the titles sent to Koha with their order numbers and records, in English and in Traditional Chinese', async () => {
    const page = await personPage('en-GB');
    await signInAs(page, /Morgan Ellis/, '/ils');
    const table = page.getByRole('table', { name: 'Sent to Koha lately' });
    const row = table.getByRole('row').filter({ hasText: title });
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual([
      title,
      String(orderId),
      String(biblioId),
      'ordered',
    ]);
    await expect(page.getByText('Koha has 1 title from us; 0 waiting to go; 0 given up on.').count()).resolves.toBe(1);
    await accessible(page);
    await screenshot(page, 'koha-orders-ils');

    const chinese = await personPage('zh-TW');
    await signInAs(chinese, /Morgan Ellis/, '/ils');
    await expect(chinese.locator('html').getAttribute('lang')).resolves.toBe('zh-Hant');
    const caption = chinese.getByRole('table', { name: '最近傳送到 Koha 的圖書' });
    await expect(caption.getByRole('columnheader').allTextContents()).resolves.toEqual([
      expect.any(String),
      'Koha 中的編號',
      '書目紀錄',
      'Koha 狀態',
    ]);
    await accessible(chinese);
  });
});
