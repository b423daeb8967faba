import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visitor } from '../support/visitor.js';
import { type Harness, harness } from './harness.js';

// One row, one path: an id written any other way than in decimal digits names nothing.
const NOT_DECIMAL = ['0x1', '1e0', '01', '+1', '1.0', '%201', '1%20', '0b1', 'Infinity'];

describe('ids in paths and cursors', () => {
  let h: Harness;
  let patron: string;
  let selector: string;
  beforeEach(async () => {
    h = await harness();
    patron = await h.patronToken('ana');
    selector = await h.token('selector');
    const made = await h.call('POST', '/api/v1/suggestions', { token: patron, body: { isbn: '9780132350884' } });
    expect((await made.json()).id).toBe(1);
  });
  afterEach(() => h.close());

  it('reads only decimal digits as an id: 0x1, 1e0 or 01 is refused by name, not taken for 1', async () => {
    expect((await h.call('GET', '/api/v1/suggestions/1', { token: patron })).status).toBe(200);
    for (const id of NOT_DECIMAL) {
      for (const [method, path, token, body] of [
        ['GET', `/api/v1/suggestions/${id}`, patron, undefined],
        ['GET', `/api/v1/titles/${id}`, selector, undefined],
        ['POST', `/api/v1/titles/${id}/status`, selector, { status: 'in_review' }],
        ['POST', `/api/v1/titles/${id}/isbn`, selector, { isbn: '9780132350884' }],
        ['GET', `/api/v1/suggestions?cursor=${id}`, patron, undefined],
      ] as const) {
        const res = await h.call(method, path, { token, body });
        expect(res.status, `${method} ${path}`).toBe(422);
        const problem = await res.json();
        expect(problem.errors[0], path).toMatchObject({ parameter: path.includes('cursor') ? 'cursor' : 'id' });
        expect(problem.errors[0].detail).toMatch(/decimal digits/);
      }
    }
    // The patron's own pages read ids the same way.
    const ana = visitor(h);
    await ana.signIn(patron);
    expect((await ana.get('/my/suggestions/1')).status).toBe(200);
    for (const id of ['01', '001']) expect((await ana.get(`/my/suggestions/${id}`)).status, id).toBe(404);
    // Nothing was moved by a path that only looked like title 1's.
    expect((await (await h.call('GET', '/api/v1/titles/1', { token: selector })).json()).status).toBe('submitted');
  });
});
