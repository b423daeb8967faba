// The patron's side of the pages, without a browser: a suggestion not yet reviewed can be
// changed or withdrawn from its page with plain forms, and the form at the open limit says how
// to free a place.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../api/harness.js';
import { type Visitor, visitor } from '../support/visitor.js';

describe("a patron's own suggestion before review", () => {
  let h: Harness;
  let ana: Visitor;
  beforeEach(async () => {
    h = await harness({ SUGGEST_MAX_OPEN: '1', RATE_LIMIT_INTAKE_PER_MINUTE: '0' });
    ana = visitor(h);
    await ana.signIn(await h.patronToken('ana'));
  });
  afterEach(() => h.close());

  const suggest = async (form: Record<string, string>) =>
    ana.post('/suggest', { format: 'print', ...form, _csrf: await ana.csrfOf('/suggest') });
  const suggestionId = async (form: Record<string, string>) => {
    const sent = await suggest(form);
    expect(sent.status).toBe(303);
    return Number(/\/my\/suggestions\/(\d+)$/.exec(sent.headers.get('location')!)![1]);
  };
  const stored = (id: number) =>
    h.db.sqlite.prepare('SELECT format, reason, need_by AS needBy FROM suggestions WHERE id = ?').get(id);

  it('is changed on a form of its own, which keeps what was typed when a field is refused', async () => {
    const id = await suggestionId({ title: 'Dune', author: 'Frank Herbert', reason: 'Fun' });
    const page = await (await ana.get(`/my/suggestions/${id}`)).text();
    expect(page).toContain(`href="/my/suggestions/${id}/edit"`);
    expect(page).toContain(`action="/my/suggestions/${id}/withdraw"`);

    const form = await (await ana.get(`/my/suggestions/${id}/edit`)).text();
    expect(form).toContain('<h1>Change your request for Dune</h1>');
    expect(form).toContain('>Fun</textarea>');
    const csrf = await ana.csrfOf(`/my/suggestions/${id}/edit`);

    const refused = await ana.post(`/my/suggestions/${id}/edit`, {
      _csrf: csrf,
      format: 'ebook',
      reason: 'For my seminar',
      needBy: '2020-01-01',
    });
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).toContain('That date has passed.');
    expect(again).toContain('>For my seminar</textarea>');
    expect(stored(id)).toEqual({ format: 'print', reason: 'Fun', needBy: null });

    const saved = await ana.post(`/my/suggestions/${id}/edit`, { _csrf: csrf, format: 'ebook', reason: '' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/my/suggestions/${id}`);
    expect(stored(id)).toEqual({ format: 'ebook', reason: null, needBy: null });
    const shown = await (await ana.get(`/my/suggestions/${id}`)).text();
    expect(shown).toContain('Your changes are saved.');
    expect(shown).toContain('The requester changed the details of their request.');
  });

  it('is withdrawn with a button, which frees the place the form at the limit pointed to', async () => {
    const id = await suggestionId({ title: 'Dune', author: 'Frank Herbert' });
    const atLimit = await suggest({ title: 'Hyperion', author: 'Dan Simmons' });
    expect(atLimit.status).toBe(429);
    const refusal = await atLimit.text();
    expect(refusal).toContain('To free a place now, withdraw a suggestion you no longer need from');
    expect(refusal).toContain('<a href="/my/suggestions">your suggestions</a>');

    const withdrawn = await ana.post(`/my/suggestions/${id}/withdraw`, {
      _csrf: await ana.csrfOf(`/my/suggestions/${id}`),
    });
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('location')).toBe('/my/suggestions');
    const list = await (await ana.get('/my/suggestions')).text();
    expect(list).toContain('Your suggestion of Dune is withdrawn.');
    expect(list).toContain('You have not suggested anything yet.');
    expect((await suggest({ title: 'Hyperion', author: 'Dan Simmons' })).status).toBe(303);
  });

  it('speaks Chinese on its change form and its withdrawal', async () => {
    const id = await suggestionId({ title: '三体', author: '刘慈欣' });
    await ana.get('/lang/zh-Hans');
    const page = await (await ana.get(`/my/suggestions/${id}`)).text();
    expect(page).toContain('修改或撤回');
    expect(page).toContain('撤回此荐购');
    expect(await (await ana.get(`/my/suggestions/${id}/edit`)).text()).toContain('修改荐购：三体');
    await ana.post(`/my/suggestions/${id}/withdraw`, { _csrf: await ana.csrfOf(`/my/suggestions/${id}`) });
    expect(await (await ana.get('/my/suggestions')).text()).toContain('已撤回您对三体的荐购。');
  });

  it('is no longer offered for change once a selector has moved it, and a stale form changes nothing', async () => {
    const id = await suggestionId({ title: 'Dune', reason: 'Fun' });
    const csrf = await ana.csrfOf(`/my/suggestions/${id}/edit`);
    const titleId = (
      h.db.sqlite.prepare('SELECT title_id FROM suggestions WHERE id = ?').get(id) as { title_id: number }
    ).title_id;
    const selector = await h.token('selector');
    await h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status: 'in_review' } });

    expect(await (await ana.get(`/my/suggestions/${id}`)).text()).not.toContain('/withdraw');
    const stale = await ana.post(`/my/suggestions/${id}/edit`, { _csrf: csrf, format: 'print', reason: 'Changed' });
    expect(stale.status).toBe(303);
    expect(await (await ana.get(stale.headers.get('location')!)).text()).toContain(
      'A selector has already looked at this suggestion',
    );
    expect((await ana.post(`/my/suggestions/${id}/withdraw`, { _csrf: csrf })).status).toBe(303);
    expect(stored(id)).toEqual({ format: 'print', reason: 'Fun', needBy: null });
  });

  it("is another patron's to change: anyone else finds nothing, and a forged form is refused", async () => {
    const id = await suggestionId({ title: 'Dune' });
    const tom = visitor(h);
    await tom.signIn(await h.patronToken('tom'));
    expect((await tom.get(`/my/suggestions/${id}/edit`)).status).toBe(404);
    const csrf = await tom.csrfOf('/suggest');
    expect((await tom.post(`/my/suggestions/${id}/withdraw`, { _csrf: csrf })).status).toBe(404);
    expect((await ana.post(`/my/suggestions/${id}/withdraw`, { _csrf: 'forged' })).status).toBe(403);
    expect(stored(id)).toMatchObject({ format: 'print' });
  });
});

describe('the richer suggestion form', () => {
  let h: Harness;
  let ana: Visitor;
  const setUp = async (env: Record<string, string>) => {
    h = await harness({ RATE_LIMIT_INTAKE_PER_MINUTE: '0', ...env });
    ana = visitor(h);
    await ana.signIn(await h.patronToken('ana'));
  };
  afterEach(() => h.close());

  it('offers the formats the library set and, with two branches or more, where to collect it', async () => {
    await setUp({ FORMATS: 'print,large-print', PICKUP_BRANCHES: 'MAIN=Main Library,SCI=Science Library' });
    const form = await (await ana.get('/suggest')).text();
    expect(form).toContain('value="large-print"');
    expect(form).toContain('Large print');
    expect(form).not.toContain('value="audiobook"');
    expect(form).toContain('<select id="pickupBranch" name="pickupBranch"');
    expect(form).toContain('<option value="SCI">Science Library</option>');
    expect(form).toContain('<label for="noteToStaff">A note to the library staff</label>');
  });

  it('asks no branch of a library with one', async () => {
    await setUp({ PICKUP_BRANCHES: 'MAIN=Main Library' });
    expect(await (await ana.get('/suggest')).text()).not.toContain('pickupBranch');
  });

  it('is filled from an OpenURL link with the publisher, year, edition and series', async () => {
    await setUp({});
    const form = await (
      await ana.get(
        '/suggest?rft.btitle=Clean%20code&rft.pub=Prentice%20Hall&rft.date=2008-08-01&rft.edition=1st%20ed.&rft.series=Robert%20C.%20Martin%20series',
      )
    ).text();
    for (const value of ['Clean code', 'Prentice Hall', '2008', '1st ed.', 'Robert C. Martin series'])
      expect(form).toContain(`value="${value}"`);
  });

  it('refuses a year that is not one beside its field, keeping the rest', async () => {
    await setUp({});
    const res = await ana.post('/suggest', {
      title: 'Clean code',
      format: 'print',
      publisher: 'Prentice Hall',
      year: 'MMVIII',
      _csrf: await ana.csrfOf('/suggest'),
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('Give the year in four digits, such as 2024.');
    expect(page).toContain('value="Prentice Hall"');
  });

  it('shows the selectors the edition asked for, the branch and the note to staff on the title page', async () => {
    await setUp({ PICKUP_BRANCHES: 'MAIN=Main Library,SCI=Science Library' });
    const sent = await ana.post('/suggest', {
      title: 'Clean code',
      author: 'Robert C. Martin',
      format: 'print',
      publisher: 'Prentice Hall',
      year: '2008',
      edition: '1st edition',
      series: 'Robert C. Martin series',
      pickupBranch: 'SCI',
      noteToStaff: 'Only the 2008 printing has the errata.',
      _csrf: await ana.csrfOf('/suggest'),
    });
    expect(sent.status).toBe(303);
    const mine = await (await ana.get(sent.headers.get('location')!)).text();
    expect(mine).toContain('1st edition. Prentice Hall, 2008. (Robert C. Martin series)');
    expect(mine).toContain('Science Library');
    const titleId = (h.db.sqlite.prepare('SELECT id FROM titles').get() as { id: number }).id;
    const selector = visitor(h);
    await selector.signIn(await h.token('selector'));
    const page = await (await selector.get(`/titles/${titleId}`)).text();
    expect(page).toContain('1st edition. Prentice Hall, 2008. (Robert C. Martin series)');
    expect(page).toContain('Note to staff: Only the 2008 printing has the errata.');
    expect(page).toContain('Collect at: Science Library');
  });
});
