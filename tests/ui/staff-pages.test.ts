// The staff pages without a browser: the outbox, the API tokens, the departments' budgets, the
// imports' history, and the one "Admin" item that leads to them; forms posted and redirected,
// refused with a sentence beside the field, in English and Chinese.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/file-source.js';
import { importDepartments } from '../../src/services/imports/departments.js';
import { type Harness, harness } from '../api/harness.js';
import { visitor } from '../support/visitor.js';

describe('the staff pages', () => {
  let h: Harness;
  let admin: ReturnType<typeof visitor>;

  beforeEach(async () => {
    h = await harness();
    await importDepartments(
      h.deps,
      fileSource(new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname),
    );
    admin = visitor(h);
    await admin.signIn(await h.token('admin'));
  });
  afterEach(() => h.close());

  const html = (path: string, who = admin) => who.get(path).then((r) => r.text());
  const csrf = () => admin.csrfOf('/admin');

  describe('the outbox', () => {
    beforeEach(async () => {
      for (const [who, title] of [
        ['ana', 'Dead Souls'],
        ['bo', 'Hard Times'],
      ] as const) {
        const token = await h.patronToken(who, { email: `${who}@university.example.edu`, displayName: who });
        await h.call('POST', '/api/v1/suggestions', { token, body: { title, author: 'An Author' } });
      }
      h.db.sqlite
        .prepare(
          "UPDATE notifications SET status = 'dead', attempts = 8, last_error = 'SMTP 550: mailbox unavailable' WHERE title_id = (SELECT id FROM titles WHERE title = 'Dead Souls')",
        )
        .run();
    });

    it('lists the messages with their state and last error, naming a requester by library id, never by address', async () => {
      const page = await html('/outbox');
      expect(page).toContain('<h1>Outbox</h1>');
      expect(page).toContain('<option value="dead">Dead (1)</option>');
      expect(page).toContain('<samp lang="en">SMTP 550: mailbox unavailable</samp>');
      expect(page).toContain('<td>ana</td>');
      expect(page).not.toContain('ana@university.example.edu');
      const dead = await html('/outbox?state=dead');
      expect(dead).toContain('Dead Souls');
      expect(dead).not.toContain('Hard Times');
      expect(await html('/outbox?title=hard')).not.toContain('Dead Souls');
      expect(await html('/outbox?channel=webhook')).toContain('No message matches.');
      const refused = await admin.get('/outbox?state=lost');
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('The messages cannot be shown with these filters.');
    });

    it('sends a dead message again from its row, and says so on the page it comes back to', async () => {
      const page = await html('/outbox?state=dead');
      const action = /<form method="post" action="(\/outbox\/[^"]+\/retry)">/.exec(page)![1]!;
      expect(page).toContain('aria-label="Send again: Dead Souls"');
      const sent = await admin.post(action, { _csrf: await csrf() });
      expect(sent.status).toBe(303);
      expect(sent.headers.get('location')).toBe('/outbox');
      expect(await html('/outbox')).toContain('<p class="flash" role="status">1 message queued to be sent again.</p>');
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM notifications WHERE status = 'dead'").get()).toEqual({
        n: 0,
      });
      // Again: it is no longer dead.
      await admin.post(action, { _csrf: await csrf() });
      expect(await html('/outbox')).toContain('That message is no longer dead');
    });

    it('sends every dead message again at once, and refuses a post from another site', async () => {
      expect(await html('/outbox')).toContain('Send all 1 dead message again');
      const forged = await admin.post('/outbox/retry-dead', { _csrf: 'guessed' });
      expect(forged.status).toBe(403);
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM notifications WHERE status = 'dead'").get()).toEqual({
        n: 1,
      });
      await admin.post('/outbox/retry-dead', { _csrf: await csrf() });
      const after = await html('/outbox');
      expect(after).toContain('1 message queued to be sent again.');
      expect(after).not.toContain('Send all');
    });

    it('speaks Chinese', async () => {
      await admin.get('/lang/zh-Hans?next=%2F');
      const page = await html('/outbox');
      expect(page).toContain('<h1>消息发件箱</h1>');
      expect(page).toContain('重新发送全部 1 条已放弃的消息');
    });
  });

  describe('the API tokens', () => {
    it('makes a token whose secret is shown once, on the answer to the form, and which signs in', async () => {
      const made = await admin.post('/tokens', {
        _csrf: await csrf(),
        role: 'selector',
        label: 'Priya Shah',
        externalId: 'priya',
      });
      expect(made.status).toBe(200);
      expect(made.headers.get('cache-control')).toBe('no-store');
      const page = await made.text();
      expect(page).toContain('A token for Priya Shah');
      const secret = /<input type="text" id="secret" class="wide" readonly="" value="([^"]+)"/.exec(page)![1]!;
      const priya = visitor(h);
      expect((await priya.signIn(secret)).status).toBe(303);
      expect((await priya.get('/buylist')).status).toBe(200);
      // Listed with whom it speaks for; its secret never shown again.
      const list = await html('/tokens');
      expect(list).toContain('Priya Shah<span class="reason">priya</span>');
      expect(list).not.toContain(secret);
    });

    it('refuses a liaison token without a department, and one without a name, saying so beside the field', async () => {
      const refused = await admin.post('/tokens', { _csrf: await csrf(), role: 'liaison', label: 'CS liaison' });
      expect(refused.status).toBe(422);
      const page = await refused.text();
      expect(page).toContain(
        '<span class="field-error" id="t-department-error">Choose the department this liaison speaks for.</span>',
      );
      expect(page).toContain('value="CS liaison"');
      const nameless = await (await admin.post('/tokens', { _csrf: await csrf(), role: 'admin', label: ' ' })).text();
      expect(nameless).toContain('Say whose token this is, or what system uses it.');
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM api_tokens WHERE role = 'liaison'").get()).toEqual({
        n: 0,
      });
    });

    it('revokes a token, whose browser sessions end at once', async () => {
      const token = await h.token('selector', { externalId: 'priya', displayName: 'Priya Shah' });
      const priya = visitor(h);
      await priya.signIn(token);
      const list = await html('/tokens');
      const action =
        /<form method="post" action="(\/tokens\/\d+\/revoke)"><input type="hidden" name="_csrf" value="[^"]*"\/><button type="submit" class="small danger" aria-label="Revoke the token of Priya Shah"/.exec(
          list,
        )![1]!;
      const revoked = await admin.post(action, { _csrf: await csrf() });
      expect(revoked.headers.get('location')).toBe('/tokens');
      expect(await html('/tokens')).toContain('The token of Priya Shah is revoked.');
      expect((await priya.get('/buylist')).status).toBe(303);
    });

    it('is for admins only, and speaks Traditional Chinese', async () => {
      const selector = visitor(h);
      await selector.signIn(await h.token('selector'));
      expect((await selector.get('/tokens')).status).toBe(403);
      await admin.get('/lang/zh-Hant?next=%2F');
      expect(await html('/tokens')).toContain('<h2 id="new-token" style="margin-top:0">建立權杖</h2>');
    });
  });

  describe("the departments' budgets", () => {
    it('sets a budget, a fund and a liaison, and the buy list draws on the new budget', async () => {
      const list = await html('/departments');
      expect(list).toContain('aria-label="Edit Computer Science"');
      const form = await html('/departments/CS/edit');
      expect(form).toContain('<h1>Computer Science: budget, fund and liaison</h1>');
      expect(form).toContain('name="budget" value="300"');
      const saved = await admin.post('/departments/CS/edit', {
        _csrf: await csrf(),
        budget: '4500.50',
        fund: 'CS-BOOKS',
        liaisonEmail: 'cs-liaison@university.example.edu',
        locale: 'zh-Hans',
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.get('location')).toBe('/departments');
      const after = await html('/departments');
      expect(after).toContain('Computer Science is saved.');
      expect(after).toContain(
        '<td>CS-BOOKS</td><td class="num">$4,500.50</td><td>cs-liaison@university.example.edu</td>',
      );
      const selector = visitor(h);
      await selector.signIn(await h.token('selector'));
      expect(await html('/buylist?department=CS', selector)).toContain('Budget $4,500.50');
      // A selector reads the departments, and changes none.
      expect(await html('/departments', selector)).not.toContain('/edit');
      expect((await selector.get('/departments/CS/edit')).status).toBe(403);
    });

    it('refuses a budget that is no amount and an address that is no address, keeping what was typed, changing nothing', async () => {
      const refused = await admin.post('/departments/CS/edit', {
        _csrf: await csrf(),
        budget: 'lots',
        fund: 'CS-MONO',
        liaisonEmail: 'nobody at all',
        locale: 'en',
      });
      expect(refused.status).toBe(422);
      const page = await refused.text();
      expect(page).toContain('Give the budget as an amount, such as 1500 or 1500.50.');
      expect(page).toContain('Give an email address, such as liaison@university.edu.');
      expect(page).toContain('value="nobody at all"');
      expect(h.db.sqlite.prepare("SELECT budget_cents FROM departments WHERE code = 'CS'").get()).toEqual({
        budget_cents: 30000,
      });
      // An empty budget is none at all.
      await admin.post('/departments/CS/edit', {
        _csrf: await csrf(),
        budget: '',
        fund: '',
        liaisonEmail: '',
        locale: 'en',
      });
      expect(
        h.db.sqlite.prepare("SELECT budget_cents, fund, liaison_email FROM departments WHERE code = 'CS'").get(),
      ).toEqual({
        budget_cents: null,
        fund: null,
        liaison_email: null,
      });
      expect((await admin.get('/departments/PHIL/edit')).status).toBe(404);
    });
  });

  describe("the imports' history", () => {
    it('keeps each run with its counts and its rejected rows by line, to read or download', async () => {
      const form = await html('/imports/departments');
      expect(form).toContain('data-upload="/imports/progress"');
      expect(form).toContain('<progress id="upload-progress" max="100" value="0"></progress>');
      // Without a script the form posts as it is.
      await admin.upload(
        '/imports/departments',
        { _csrf: await csrf() },
        {
          file: {
            name: 'faculties.csv',
            content: 'code,name,budget\nPHIL,Philosophy,100\nbad code!,Nowhere,1\nLING,,5\n',
          },
        },
      );
      expect(await html('/imports')).toContain('<a href="/imports/runs">Every import, with its rejected rows</a>');
      const history = await html('/imports/runs');
      const run = /<a href="(\/imports\/runs\/[0-9a-f]{64})">faculties\.csv<\/a>/.exec(history)![1]!;
      expect(history).toMatch(
        /faculties\.csv<\/a><\/td><td>Departments<\/td><td>[^<]+<\/td><td class="num">3<\/td><td class="num">1<\/td><td class="num">2<\/td><td>Complete<\/td>/,
      );
      const page = await html(run);
      expect(page).toContain('3 read: 1 imported, 2 rejected, 0 skipped');
      expect(page).toMatch(/<td class="num">3<\/td><td><samp lang="en">code: letters, digits/);
      expect(page).toMatch(/<td class="num">4<\/td><td><samp lang="en">name is empty/);
      const csv = await admin.get(`${run}/rejections.csv`);
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="faculties-rejections.csv"');
      const rows = (await csv.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(rows[0]).toBe('file,line,reason');
      expect(rows.slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual([
        'faculties.csv,3',
        'faculties.csv,4',
      ]);
      expect((await admin.get('/imports/runs/ffff')).status).toBe(404);
    });

    it('tells the upload script how far the runs under way have read', async () => {
      const idle = await (await admin.get('/imports/progress')).json();
      expect(idle).toEqual({ runs: [] });
      h.db.sqlite
        .prepare(
          "INSERT INTO import_runs (run_key, file_key, kind, file_name, records, status, started_at, updated_at) VALUES ('ab', 'cd', 'loans', 'loans-2026.csv', 120000, 'running', 1, 1)",
        )
        .run();
      expect(await (await admin.get('/imports/progress')).json()).toEqual({
        runs: [{ kind: 'loans', fileName: 'loans-2026.csv', records: 120000, rejected: 0 }],
      });
    });
  });

  describe('the Admin item', () => {
    it('leads an admin to the staff tools, and is not there for a selector', async () => {
      const page = await html('/admin');
      expect(page).toContain('<a href="/admin" aria-current="page">Admin</a>');
      for (const tool of ['/outbox', '/tokens', '/departments', '/imports', '/ils'])
        expect(page).toContain(`<a href="${tool}">`);
      expect(await html('/outbox')).toContain('<a href="/admin" aria-current="page">Admin</a>');
      const selector = visitor(h);
      await selector.signIn(await h.token('selector'));
      expect(await html('/buylist', selector)).not.toContain('href="/admin"');
      expect((await selector.get('/admin')).status).toBe(403);
    });
  });
});
