import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/services/access/auth.js';
import { visitor } from '../support/visitor.js';
import { type Harness, harness } from './harness.js';

describe('API tokens, as an admin manages them', () => {
  let h: Harness;
  let admin: string;
  beforeEach(async () => {
    h = await harness();
    admin = await h.token('admin');
  });
  afterEach(() => h.close());

  const idOf = (token: string) =>
    (h.db.sqlite.prepare('SELECT id FROM api_tokens WHERE token_hash = ?').get(hashToken(token)) as { id: number }).id;

  it('are listed with who they speak for and when they were last used, never with their secret', async () => {
    const selector = await h.token('selector', { externalId: 'priya', displayName: 'Priya Shah' });
    const liaison = await h.token('liaison', undefined, 'CS');
    expect((await h.call('GET', '/api/v1/suggestions', { token: selector })).status).toBe(200);
    h.advance(30 * 60_000);
    expect((await h.call('GET', '/api/v1/suggestions', { token: selector })).status).toBe(200);

    const res = await h.call('GET', '/api/v1/tokens', { token: admin });
    expect(res.status).toBe(200);
    const text = await res.text();
    const hashes = h.db.sqlite.prepare('SELECT token_hash FROM api_tokens').all() as { token_hash: string }[];
    for (const secret of [admin, selector, liaison, ...hashes.map((r) => r.token_hash)]) {
      expect(text).not.toContain(secret);
    }
    const items = JSON.parse(text).items;
    expect(items.map((t: { role: string }) => t.role)).toEqual(['liaison', 'selector', 'admin']);
    expect(items[0]).toMatchObject({ department: 'CS', patron: null, lastUsedAt: null, revokedAt: null });
    // Used twice within the hour: recorded once, at the first use.
    expect(items[1]).toMatchObject({
      patron: { externalId: 'priya', displayName: 'Priya Shah' },
      createdAt: '2026-03-02T09:00:00.000Z',
      lastUsedAt: '2026-03-02T09:00:00.000Z',
    });
    expect((await h.call('GET', '/api/v1/tokens', { token: selector })).status).toBe(403);
  });

  it('stop working at once when revoked, for API calls and for the browser sessions they opened', async () => {
    const ana = await h.patronToken('ana', { displayName: 'Ana' });
    const browser = visitor(h);
    await browser.signIn(ana);
    expect((await browser.get('/suggest')).status).toBe(200);
    expect((await h.call('GET', '/api/v1/suggestions', { token: ana })).status).toBe(200);

    const id = idOf(ana);
    const revoked = await h.call('POST', `/api/v1/tokens/${id}/revoke`, { token: admin });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id, role: 'patron', revokedAt: h.now.toISOString() });

    expect((await h.call('GET', '/api/v1/suggestions', { token: ana })).status).toBe(401);
    const page = await browser.get('/suggest');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Fsuggest');
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    // Signing in with it again is refused too.
    expect((await visitor(h).signIn(ana)).status).toBe(401);

    // Revoking again changes nothing; a token that does not exist is not found.
    h.advance(60_000);
    const again = await (await h.call('POST', `/api/v1/tokens/${id}/revoke`, { token: admin })).json();
    expect(again.revokedAt).toBe(new Date(h.now.getTime() - 60_000).toISOString());
    expect((await h.call('POST', '/api/v1/tokens/999/revoke', { token: admin })).status).toBe(404);
  });

  it('are made for staff with their secret in the answer once, which then signs in; a liaison only for a department there is', async () => {
    const made = await h.call('POST', '/api/v1/tokens', {
      token: admin,
      body: { role: 'selector', label: 'Priya Shah', externalId: 'priya' },
    });
    expect(made.status).toBe(201);
    const { token, listing } = await made.json();
    expect(listing).toMatchObject({ role: 'selector', label: 'Priya Shah', patron: { externalId: 'priya' } });
    expect((await h.call('GET', '/api/v1/buylist', { token })).status).toBe(200);
    expect(await (await h.call('GET', '/api/v1/tokens', { token: admin })).text()).not.toContain(token);

    const noDepartment = await h.call('POST', '/api/v1/tokens', {
      token: admin,
      body: { role: 'liaison', label: 'CS' },
    });
    expect(noDepartment.status).toBe(422);
    expect((await noDepartment.json()).errors[0]).toMatchObject({ pointer: '/department' });
    const nowhere = await h.call('POST', '/api/v1/tokens', {
      token: admin,
      body: { role: 'liaison', label: 'PHIL', department: 'PHIL' },
    });
    expect(nowhere.status).toBe(422);
    expect((await nowhere.json()).detail).toContain('There is no department PHIL.');
    // Patrons sign in through the library: their tokens are not made here.
    const patron = await h.call('POST', '/api/v1/tokens', { token: admin, body: { role: 'patron', label: 'Ana' } });
    expect(patron.status).toBe(422);
  });
});
