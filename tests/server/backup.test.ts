// Backups taken while the service writes, and restores that refuse what they cannot serve.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { r2b, type ServerProcess, startServer, tempDatabase } from './process.js';

const PREVIOUS = new URL('../../fixtures/upgrade/previous-release.sqlite', import.meta.url).pathname;
const UNLIMITED = { SUGGEST_MAX_OPEN: '0', SUGGEST_MAX_RECENT: '0', RATE_LIMIT_INTAKE_PER_MINUTE: '0' };

describe('backups', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('copy the database as it stood at one instant while suggestions keep coming in', async () => {
    const path = tempDatabase();
    server = await startServer(['--demo'], { DATABASE_PATH: path, ...UNLIMITED });
    const url = server.url;
    let sent = 0;
    let writing = true;
    // Patrons keep suggesting through the whole backup, eight at a time.
    const writers = Array.from({ length: 8 }, async (_, w) => {
      while (writing) {
        const res = await fetch(`${url}/api/v1/suggestions`, {
          method: 'POST',
          headers: { authorization: 'Bearer r2b_demo_patron_ana', 'content-type': 'application/json' },
          body: JSON.stringify({ title: `Backup under load ${w}-${sent++}`, author: 'Writer' }),
        });
        expect(res.status).toBe(201);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const copy = join(dirname(path), 'copy.sqlite');
    const made = await r2b(['backup', copy], { DATABASE_PATH: path });
    await new Promise((r) => setTimeout(r, 200));
    writing = false;
    await Promise.all(writers);
    expect(made.stdout).toMatch(/integrity ok, \d+ migrations; rows: /);

    const db = new Database(copy, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (q: string) => (db.prepare(q).get() as { n: number }).n;
      const loadRows = count("SELECT count(*) AS n FROM suggestions WHERE given_title LIKE 'Backup under load%'");
      expect(loadRows).toBeGreaterThan(0);
      expect(loadRows).toBeLessThan(sent);
      // Consistent: every suggestion in the copy has its title, its first history event and its
      // "received" message, as the one write that stored it wrote them all.
      expect(
        count(
          'SELECT count(*) AS n FROM suggestions s WHERE NOT EXISTS (SELECT 1 FROM titles t WHERE t.id = s.title_id)',
        ),
      ).toBe(0);
      expect(
        count(
          "SELECT count(*) AS n FROM titles t WHERE NOT EXISTS (SELECT 1 FROM status_events e WHERE e.title_id = t.id AND e.to_status = 'submitted')",
        ),
      ).toBe(0);
      expect(
        count(
          "SELECT count(*) AS n FROM suggestions s WHERE s.given_title LIKE 'Backup under load%' AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = 'suggestion_received' AND n.title_id = s.title_id)",
        ),
      ).toBe(0);
    } finally {
      db.close();
    }
    // It never overwrites.
    await expect(r2b(['backup', copy], { DATABASE_PATH: path })).rejects.toThrow(/exists already/);
  }, 60_000);

  it('are taken on BACKUP_CRON into BACKUP_DIR, the oldest beyond BACKUP_KEEP removed', async () => {
    const path = tempDatabase();
    const dir = join(dirname(path), 'backups');
    server = await startServer([], {
      DATABASE_PATH: path,
      BACKUP_CRON: '* * * * * *',
      BACKUP_DIR: dir,
      BACKUP_KEEP: '2',
    });
    await new Promise((r) => setTimeout(r, 3500));
    const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite'));
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^r2b-\d{8}T\d{6}\.sqlite$/);
  }, 30_000);
});

describe('restore', () => {
  it('puts a backup back, keeps the database it replaces, and brings an older one up to date', async () => {
    const path = tempDatabase();
    copyFileSync(PREVIOUS, join(dirname(path), 'old.sqlite'));
    writeFileSync(path, 'the current database');
    const done = await r2b(['restore', join(dirname(path), 'old.sqlite')], { DATABASE_PATH: path });
    expect(done.stdout).toMatch(/restored .* the database it replaced is kept as .*before-restore-/);
    const check = await r2b(['migrate', '--check'], { DATABASE_PATH: path });
    expect(check.stdout).toMatch(/up to date/);
    expect(readdirSync(dirname(path)).some((f) => f.startsWith('r2b.sqlite.before-restore-'))).toBe(true);
  });

  it('refuses a file that is not a recommend-to-buy database, or one newer than this code', async () => {
    const path = tempDatabase();
    const folder = dirname(path);
    const refuse = (file: string) => r2b(['restore', file], { DATABASE_PATH: path });
    writeFileSync(join(folder, 'notes.txt'), 'not a database at all');
    await expect(refuse(join(folder, 'notes.txt'))).rejects.toThrow(
      /is not (an SQLite database|a database this can open)/,
    );
    const other = new Database(join(folder, 'other.sqlite'));
    other.exec('CREATE TABLE books (id INTEGER)');
    other.close();
    await expect(refuse(join(folder, 'other.sqlite'))).rejects.toThrow(
      /not a recommend-to-buy database: it has no __drizzle_migrations/,
    );
    const newer = join(folder, 'newer.sqlite');
    copyFileSync(PREVIOUS, newer);
    const db = new Database(newer);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(
      'from-the-future',
      4102444800000,
    );
    db.close();
    await expect(refuse(newer)).rejects.toThrow(/made by a newer release/);
    expect(existsSync(path)).toBe(false);
  });
});
