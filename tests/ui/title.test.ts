// A title's page without a browser: what a selector weighs before deciding (who asked and why,
// the score's parts, copies, history), what a liaison of the asking department sees (no
// names), and who cannot open it; linked from the buy list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

describe('the page of a title', () => {
  let h: Harness;
  let selector: Visitor;
  let titleId: number;

  beforeEach(async () => {
    h = await harness();
    await importDepartments(
      h.deps,
      bufferSource('departments.csv', Buffer.from('code,name\nCS,Computer Science\nHIST,History\n')),
    );
    const ana = await h.patronToken('ana', { displayName: 'Ana Lima', departmentCode: 'CS', category: 'faculty' });
    const res = await h.call('POST', '/api/v1/suggestions', {
      token: ana,
      body: { isbn: '9780262046305', reason: 'For the machine learning reading group', needBy: '2026-09-01' },
    });
    titleId = (await res.json()).title.id;
    await runRescoreJobs(h.deps);
    selector = visitor(h);
    await selector.signIn(await h.token('selector', { externalId: 'priya', displayName: 'Priya' }));
  });
  afterEach(() => h.close());

  it('shows a selector who asked and why, the score’s parts and the history, and is linked from the buy list', async () => {
    const html = await (await selector.get(`/titles/${titleId}`)).text();
    expect(html).toContain('Ana Lima');
    expect(html).toContain('For the machine learning reading group');
    expect(html).toContain('2026-09-01');
    expect(html).toContain('<caption>The parts of the score</caption>');
    expect(html).toMatch(/<th scope="row"[^>]*>Requesters<\/th>/);
    expect(html).toContain('Asked for by category: faculty 1; by department: CS 1.');
    expect(html).toContain('<h2 id="history">What happened to it</h2>');
    expect(await (await selector.get('/buylist')).text()).toContain(`<a href="/titles/${titleId}">`);
  });

  it('shows the asking department’s liaison the title without names, and another’s nothing', async () => {
    const cs = visitor(h);
    await cs.signIn(await h.token('liaison', undefined, 'CS'));
    const page = await cs.get(`/titles/${titleId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('by department: CS 1');
    expect(html).not.toContain('Ana Lima');
    const hist = visitor(h);
    await hist.signIn(await h.token('liaison', undefined, 'HIST'));
    expect((await hist.get(`/titles/${titleId}`)).status).toBe(404);
  });

  it('is no page for a patron, nor for a title that does not exist', async () => {
    const patron = visitor(h);
    await patron.signIn(await h.patronToken('ben'));
    expect((await patron.get(`/titles/${titleId}`)).status).toBe(403);
    expect((await selector.get('/titles/999999')).status).toBe(404);
    expect((await selector.get('/titles/0x24')).status).toBe(404);
  });

  it('reads in Chinese too', async () => {
    await selector.get('/lang/zh-Hans?next=/');
    const html = await (await selector.get(`/titles/${titleId}`)).text();
    expect(html).toContain('评分的组成');
    expect(html).toContain('荐购者（1）');
  });
});
