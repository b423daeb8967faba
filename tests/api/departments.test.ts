import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { type Harness, harness } from './harness.js';

describe("a department's budget, fund and liaison, as an admin sets them", () => {
  let h: Harness;
  let admin: string;
  beforeEach(async () => {
    h = await harness();
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    admin = await h.token('admin');
  });
  afterEach(() => h.close());

  const patch = (code: string, body: unknown, token = admin) =>
    h.call('PATCH', `/api/v1/departments/${code}`, { token, body });

  it('changes what is given, clears what is null, and leaves the rest; the buy list draws on the new budget', async () => {
    const res = await patch('CS', { budget: 4500.5, liaisonEmail: 'new-liaison@university.example.edu' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      code: 'CS',
      fund: 'CS-MONO',
      budget: 4500.5,
      liaisonEmail: 'new-liaison@university.example.edu',
    });
    const selector = await h.token('selector');
    const list = await (await h.call('GET', '/api/v1/buylist?department=CS', { token: selector })).json();
    expect(list.budget).toBe(4500.5);
    expect(await (await patch('CS', { fund: null, budget: null })).json()).toMatchObject({ fund: null, budget: null });
  });

  it('refuses what is no budget, no address or no department, and a selector', async () => {
    for (const body of [{ budget: -1 }, { budget: 10.005 }, { budget: '100' }, { liaisonEmail: 'not an address' }]) {
      const res = await patch('CS', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect((await patch('PHIL', { budget: 1 })).status).toBe(404);
    expect((await patch('CS', { budget: 1 }, await h.token('selector'))).status).toBe(403);
    expect(h.db.sqlite.prepare("SELECT budget_cents FROM departments WHERE code = 'CS'").get()).toEqual({
      budget_cents: 30000,
    });
  });
});
