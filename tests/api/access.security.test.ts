import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTokens, patrons } from '../../src/db/schema.js';
import { type Harness, harness } from './harness.js';

const SECRET = 'a-library-identity-provider-secret-of-32+chars';

describe('who may do what', () => {
  let h: Harness;
  let ana: string;
  let bob: string;
  let selector: string;
  let liaisonCs: string;
  let admin: string;
  let anaSuggestion: { id: number; title: { id: number } };

  beforeEach(async () => {
    h = await harness({ AUTH_JWT_SECRET: SECRET, PATRON_CATEGORY_MAP: 'FAC=faculty,UG=undergraduate' });
    ana = await h.patronToken('ana', { email: 'ana@example.edu', displayName: 'Ana', departmentCode: 'CS' });
    bob = await h.patronToken('bob', { email: 'bob@example.edu', departmentCode: 'HIST' });
    selector = await h.token('selector');
    liaisonCs = await h.token('liaison', undefined, 'CS');
    admin = await h.token('admin');
    anaSuggestion = await (
      await h.call('POST', '/api/v1/suggestions', { token: ana, body: { isbn: '0132350882' } })
    ).json();
  });
  afterEach(() => h.close());

  it('answers 401 with a problem and a Bearer challenge without a valid token', async () => {
    for (const token of [undefined, 'r2b_not-a-real-token', 'not-even-a-jwt']) {
      const res = await h.call('GET', '/api/v1/suggestions', token ? { token } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const res = await h.call('GET', '/api/v1/suggestions', { headers: { authorization: 'Basic YTpi' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a revoked token', async () => {
    await h.db.orm.update(apiTokens).set({ revokedAt: h.now });
    expect((await h.call('GET', '/api/v1/suggestions', { token: ana })).status).toBe(401);
  });

  it("never shows a patron another patron's suggestion: it is simply not there", async () => {
    const res = await h.call('GET', `/api/v1/suggestions/${anaSuggestion.id}`, { token: bob });
    expect(res.status).toBe(404);
    const list = await (await h.call('GET', '/api/v1/suggestions', { token: bob })).json();
    expect(list.items).toEqual([]);
  });

  it('keeps patrons out of staff endpoints with 403', async () => {
    expect((await h.call('GET', '/api/v1/titles', { token: ana })).status).toBe(403);
    expect((await h.call('GET', `/api/v1/titles/${anaSuggestion.title.id}`, { token: ana })).status).toBe(403);
    const move = await h.call('POST', `/api/v1/titles/${anaSuggestion.title.id}/status`, {
      token: ana,
      body: { status: 'approved' },
    });
    expect(move.status).toBe(403);
    expect((await move.json()).type).toContain('/problems/forbidden');
  });

  it('lets selectors and admins decide, but not liaisons', async () => {
    const path = `/api/v1/titles/${anaSuggestion.title.id}/status`;
    expect((await h.call('POST', path, { token: liaisonCs, body: { status: 'approved' } })).status).toBe(403);
    expect((await h.call('POST', path, { token: admin, body: { status: 'in_review' } })).status).toBe(200);
    expect((await h.call('POST', path, { token: selector, body: { status: 'approved' } })).status).toBe(200);
  });

  it("shows a liaison their department's demand, without requesters' names or addresses", async () => {
    await h.call('POST', '/api/v1/suggestions', { token: bob, body: { isbn: '020161622X' } });
    const list = await (await h.call('GET', '/api/v1/suggestions', { token: liaisonCs })).json();
    expect(list.items.map((s: { id: number }) => s.id)).toEqual([anaSuggestion.id]);
    expect(list.items[0].requester).toEqual({
      patronId: expect.any(Number),
      category: 'undergraduate',
      department: 'CS',
    });
    const title = await (await h.call('GET', `/api/v1/titles/${anaSuggestion.title.id}`, { token: liaisonCs })).json();
    expect(title.requesters).toBeUndefined();
    expect(title.demand.byDepartment).toEqual({ CS: 1 });
    const bobs = await h.call('GET', `/api/v1/suggestions/${anaSuggestion.id + 1}`, { token: liaisonCs });
    expect(bobs.status).toBe(404);
  });

  it('will not let a token with no patron behind it suggest', async () => {
    const res = await h.call('POST', '/api/v1/suggestions', { token: admin, body: { isbn: '020161622X' } });
    expect(res.status).toBe(403);
  });

  it('stores only hashes of tokens', async () => {
    const rows = await h.db.orm.select().from(apiTokens).all();
    const dump = JSON.stringify(rows);
    for (const token of [ana, bob, selector, liaisonCs, admin]) expect(dump).not.toContain(token);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  describe("with a JWT from the library's identity provider", () => {
    const sign = (claims: Record<string, unknown>, secret = SECRET, expires = '1h') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime(expires)
        .sign(new TextEncoder().encode(secret));

    it('signs a patron in and keeps their details from the claims', async () => {
      const jwt = await sign({
        sub: 'idp-777',
        email: 'lin@example.edu',
        name: '林',
        department: 'MATH',
        category: 'FAC',
        locale: 'zh-TW',
      });
      const res = await h.call('POST', '/api/v1/suggestions', { token: jwt, body: { isbn: '9787536692930' } });
      expect(res.status).toBe(201);
      expect((await res.json()).requester).toMatchObject({
        category: 'faculty',
        department: 'MATH',
        displayName: '林',
      });
      const patron = await h.db.orm.select().from(patrons).where(eq(patrons.externalId, 'idp-777')).get();
      expect(patron).toMatchObject({ email: 'lin@example.edu', locale: 'zh-Hant', category: 'faculty' });
    });

    it('meets the same person signing in again on one patron, with updated details', async () => {
      await h.call('GET', '/api/v1/suggestions', { token: await sign({ sub: 'idp-1', department: 'CS' }) });
      await h.call('GET', '/api/v1/suggestions', { token: await sign({ sub: 'idp-1', department: 'LAW' }) });
      const rows = await h.db.orm.select().from(patrons).where(eq(patrons.externalId, 'idp-1')).all();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.departmentCode).toBe('LAW');
    });

    it('gives a JWT patron powers only, whatever it claims', async () => {
      const jwt = await sign({ sub: 'idp-2', role: 'admin' });
      expect((await h.call('GET', '/api/v1/titles', { token: jwt })).status).toBe(403);
    });

    it('never takes an email claim that is more than one address as where the patron’s mail goes', async () => {
      const lists = [
        'lin@example.edu, eve@evil.example',
        'lin@example.edu\r\nBcc: eve@evil.example',
        'Lin <lin@example.edu>, eve@evil.example',
        'lin@example.edu;eve@evil.example',
      ];
      for (const [n, email] of lists.entries()) {
        const res = await h.call('GET', '/api/v1/suggestions', { token: await sign({ sub: `idp-list-${n}`, email }) });
        // Signed in all the same: the claim is ignored, not the person.
        expect(res.status, email).toBe(200);
        const patron = await h.db.orm
          .select()
          .from(patrons)
          .where(eq(patrons.externalId, `idp-list-${n}`))
          .get();
        expect(patron?.email, email).toBeNull();
      }
      // An address already on record stays when a later token's claim is not one.
      await h.call('GET', '/api/v1/suggestions', { token: await sign({ sub: 'idp-kept', email: 'kept@example.edu' }) });
      await h.call('GET', '/api/v1/suggestions', {
        token: await sign({ sub: 'idp-kept', email: 'kept@example.edu,eve@evil.example' }),
      });
      const kept = await h.db.orm.select().from(patrons).where(eq(patrons.externalId, 'idp-kept')).get();
      expect(kept?.email).toBe('kept@example.edu');
    });

    it('refuses a token that never expires, and one issued longer ago than the longest lifetime allowed', async () => {
      const key = new TextEncoder().encode(SECRET);
      const forever = await new SignJWT({ sub: 'idp-forever' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .sign(key);
      const undated = await new SignJWT({ sub: 'idp-undated' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('1h')
        .sign(key);
      const now = Math.floor(Date.now() / 1000);
      const ancient = await new SignJWT({ sub: 'idp-ancient' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(now - 13 * 3600)
        .setExpirationTime(now + 10 * 365 * 86_400)
        .sign(key);
      for (const [what, jwt] of Object.entries({ forever, undated, ancient })) {
        const res = await h.call('GET', '/api/v1/suggestions', { token: jwt });
        expect(res.status, what).toBe(401);
      }
      const recent = await new SignJWT({ sub: 'idp-recent' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(now - 11 * 3600)
        .setExpirationTime(now + 3600)
        .sign(key);
      expect((await h.call('GET', '/api/v1/suggestions', { token: recent })).status).toBe(200);
    });

    it('refuses a wrong signature, an expired token and one without a subject', async () => {
      const bad = await sign({ sub: 'x' }, 'another-secret-that-is-long-enough-too!!');
      const expired = await sign({ sub: 'x' }, SECRET, '-1m');
      const anonymous = await sign({ email: 'x@example.edu' });
      for (const jwt of [bad, expired, anonymous]) {
        const res = await h.call('GET', '/api/v1/suggestions', { token: jwt });
        expect(res.status).toBe(401);
      }
    });
  });
});
