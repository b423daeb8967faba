// What every browser test sets up: the app served on 127.0.0.1, Debian's Chromium, and a
// browser of its own for each person, all closed together at the end; signing in as a demo
// person and the axe check, said once.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launch, seriousViolations } from './browser.js';

export interface Stage {
  /** where the app answers: http://127.0.0.1:port */
  base: string;
  browser: Browser;
  /** a browser of its own for one person, the pages asked for in `locale` */
  personPage(locale: string, options?: { javaScriptEnabled?: boolean; width?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function openStage(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<Stage> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launch();
  const contexts: BrowserContext[] = [];
  return {
    base,
    browser,
    async personPage(locale, { javaScriptEnabled = true, width = 1180 } = {}) {
      const context = await browser.newContext({ locale, javaScriptEnabled, viewport: { width, height: 900 } });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close()));
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Sign in with the demo's sign-in page as the person whose button bears `name`, coming from `next`. */
export async function signInAs(page: Page, base: string, name: RegExp, next = '/signin'): Promise<void> {
  await page.goto(`${base}${next}`);
  await page.getByRole('button', { name }).click();
  await page.waitForLoadState('load');
}

/** axe-core finds nothing serious or critical on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page), `axe on ${page.url()}`).toEqual([]);
}
