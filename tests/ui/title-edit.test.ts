// The title page's forms without a browser: a selector corrects a title and sets its order,
// sees the change in the history, and is told in their language what a field refused needs;
// a liaison endorses the title for their department and withdraws it; the staff note stays
// on staff's pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDepartments } from '../../src/services/imports/departments.js';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { runRescoreJobs } from '../../src/services/scoring.js';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

describe('the forms of a title’s page', () => {
  let h: Harness;
  let selector: Visitor;
  let titleId: number;
  let suggestionId: number;
  let patron: Visitor;

  const form = (fields: Record<string, string>, who = selector) =>
    who.csrfOf(`/titles/${titleId}`).then((csrf) => who.post(`/titles/${titleId}/edit`, { ...fields, _csrf: csrf }));

  beforeEach(async () => {
    h = await harness();
    await importDepartments(
      h.deps,
      bufferSource('departments.csv', Buffer.from('code,name,fund\nHIST,History,HIST-GEN\nCS,Computer Science,\n')),
    );
    const ana = await h.patronToken('ana', { displayName: 'Ana Lima', departmentCode: 'HIST', category: 'faculty' });
    const res = await h.call('POST', '/api/v1/suggestions', {
      token: ana,
      body: { title: 'The Atlantic world', author: 'Benjamin, Thomas', reason: 'For HIST 210' },
    });
    const made = await res.json();
    titleId = made.title.id;
    suggestionId = made.id;
    await runRescoreJobs(h.deps);
    selector = visitor(h);
    await selector.signIn(await h.token('selector', { externalId: 'priya', displayName: 'Priya' }));
    patron = visitor(h);
    await patron.signIn(ana);
  });
  afterEach(() => h.close());

  it('lets a selector set the price and fund, and shows the change in the history', async () => {
    const res = await form({ price: '39.50', currency: 'USD', fund: 'HIST-MONO', staffNote: 'Ask Lee first.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/titles/${titleId}`);
    const html = await (await selector.get(`/titles/${titleId}`)).text();
    expect(html).toContain('Your changes are saved.');
    expect(html).toContain('<h2 id="edit">Edit this title</h2>');
    expect(html).toContain('value="HIST-MONO"');
    expect(html).toMatch(/<strong>Price of one copy<\/strong>.*\(empty\) → \$39\.50, by Priya/s);
    expect(html).toMatch(/<strong>Fund<\/strong>.*\(empty\) → HIST-MONO, by Priya/s);
    expect(html).toContain('Price: $39.50.');
  });

  it('leaves what the form shows as it was: saving it unchanged changes nothing', async () => {
    const html = await (await selector.get(`/titles/${titleId}`)).text();
    const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
    const res = await form({
      title: value('title'),
      authors: 'Benjamin, Thomas',
      price: value('price'),
      currency: value('currency'),
      fund: '',
      assignee: '',
    });
    expect(res.status).toBe(303);
    expect(await (await selector.get(`/titles/${titleId}`)).text()).toContain('Nothing was changed.');
    const changes = h.db.sqlite.prepare('SELECT count(*) AS n FROM title_changes').get() as { n: number };
    expect(changes.n).toBe(0);
  });

  it('says what a field refused needs, by the field, keeping what was typed, in English and Chinese', async () => {
    const res = await form({ publishedYear: '20166', quantity: 'two', fund: 'HIST-MONO' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('<a href="#edit-publishedYear">Give the year as four digits, such as 2016.</a>');
    expect(html).toContain('Give the copies as a whole number from 1 to 999.');
    expect(html).toMatch(/id="edit-quantity" name="quantity" value="two"[^>]*aria-invalid="true"/);
    expect(h.db.sqlite.prepare('SELECT fund FROM titles WHERE id = ?').get(titleId)).toEqual({ fund: null });

    await selector.get('/lang/zh-Hans?next=/');
    const zh = await (await form({ price: '12', currency: 'XYZ' })).text();
    expect(zh).toContain('价格请填写金额（如 19.50）和 ISO 4217 币种代码（如 USD）。');
    expect(zh).toContain('编辑此书目');
  });

  it('assigns the title to a colleague from the list of selectors and admins', async () => {
    await h.token('admin', { externalId: 'lee', displayName: 'Lee Wong' });
    const page = await (await selector.get(`/titles/${titleId}`)).text();
    expect(page).toContain('<option value="lee">Lee Wong</option>');
    expect((await form({ assignee: 'lee' })).status).toBe(303);
    expect(await (await selector.get(`/titles/${titleId}`)).text()).toContain(
      '<option value="lee" selected="">Lee Wong</option>',
    );
    expect((await form({ assignee: 'ana' })).status).toBe(422);
  });

  it('refuses a form posted from elsewhere', async () => {
    const res = await selector.post(`/titles/${titleId}/edit`, { quantity: '2', _csrf: 'forged' });
    expect(res.status).toBe(403);
  });

  it('lets the department’s liaison endorse the title with a comment, and withdraw it', async () => {
    const liaison = visitor(h);
    await liaison.signIn(await h.token('liaison', { externalId: 'chen', displayName: 'Dr. Chen' }, 'HIST'));
    let html = await (await liaison.get(`/titles/${titleId}`)).text();
    expect(html).toContain('No liaison has endorsed it yet.');
    expect(html).toContain('<label for="endorse-comment">Your comment</label>');
    expect(html).not.toContain('Edit this title');
    const csrf = await liaison.csrfOf(`/titles/${titleId}`);
    const res = await liaison.post(`/titles/${titleId}/endorsement`, {
      comment: 'Core reading for HIST 210.',
      _csrf: csrf,
    });
    expect(res.status).toBe(303);
    html = await (await liaison.get(`/titles/${titleId}`)).text();
    expect(html).toContain('Your endorsement is recorded: it counts as demand for this title.');
    expect(html).toContain('Endorsed by liaisons (1)');
    expect(html).toContain('“Core reading for HIST 210.”');
    expect(html).toContain('Update my endorsement');
    // Staff see it, and who gave it.
    expect(await (await selector.get(`/titles/${titleId}`)).text()).toContain('<strong>HIST</strong> · Dr. Chen');

    const tooLong = await liaison.post(`/titles/${titleId}/endorsement`, { comment: 'x'.repeat(2001), _csrf: csrf });
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain('Keep the comment to 2,000 characters.');

    expect((await liaison.post(`/titles/${titleId}/endorsement/withdraw`, { _csrf: csrf })).status).toBe(303);
    html = await (await liaison.get(`/titles/${titleId}`)).text();
    expect(html).toContain('Your endorsement is withdrawn.');
    expect(html).toContain('Endorsed by liaisons (0)');
  });

  it('keeps the staff note on staff’s pages: not the liaison’s, not the patron’s', async () => {
    await form({ staffNote: 'Vendor quotes six weeks.' });
    expect(await (await selector.get(`/titles/${titleId}`)).text()).toContain('Vendor quotes six weeks.');
    const liaison = visitor(h);
    await liaison.signIn(await h.token('liaison', undefined, 'HIST'));
    for (const html of [
      await (await liaison.get(`/titles/${titleId}`)).text(),
      await (await liaison.get('/buylist')).text(),
      await (await patron.get('/my/suggestions')).text(),
      await (await patron.get(`/my/suggestions/${suggestionId}`)).text(),
    ]) {
      expect(html).not.toContain('Vendor quotes');
    }
  });
});
