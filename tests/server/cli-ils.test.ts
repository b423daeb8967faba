import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateSqlite, openSqlite } from '../../src/db/sqlite.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';
import { spawn } from 'node:child_process';
import { CLI, r2b, tempDatabase } from './process.js';

describe('the r2b ils commands', () => {
  let koha: KohaStandIn;
  afterEach(async () => {
    await koha.close();
    expect(koha.refused).toEqual([]);
  });

  it('push sends what is due, status says where titles are and why one was given up on, sync reads back', async () => {
    koha = await kohaStandIn();
    const database = tempDatabase();
    const map = join(dirname(database), 'ils-map.json');
    writeFileSync(map, JSON.stringify({ library: 'CPL', formats: { print: 'BK' } }));
    const db = openSqlite(database);
    migrateSqlite(db);
    const at = Date.parse('2026-03-02T09:00:00Z');
    for (const [id, isbn] of [
      [1, '9780132350884'],
      [2, '9780262033848'],
    ] as const)
      db.sqlite
        .prepare(
          `INSERT INTO titles (id, work_key, isbn13, title, status, stage, status_changed_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'approved', 'active', ?, ?, ?)`,
        )
        .run(id, `isbn:${isbn}`, isbn, `Title ${id}`, at, at, at);
    db.close();
    const env = {
      DATABASE_PATH: database,
      ILS: 'koha',
      ILS_URL: koha.url,
      ILS_USERNAME: 'r2b',
      ILS_PASSWORD: 'secret',
      ILS_MAP_FILE: map,
      LOG_LEVEL: 'silent',
    };
    koha.faults.push({ on: 'POST /api/v1/suggestions', status: 403, times: 1 });

    await expect(r2b(['ils', 'push'], env)).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('koha: sent 1, 0 to try again, 1 given up on'),
    });
    const status = await r2b(['ils', 'status'], env);
    expect(status.stdout).toContain('waiting 0, sent 1, given up on 1');
    expect(status.stdout).toMatch(/title 1 Title 1 \(1 tries\): Koha answered 403/);

    expect((await r2b(['ils', 'push', '--retry-dead', '--json'], env)).stdout).toContain('"retried":1');
    expect(koha.suggestions.size).toBe(2);
    expect([...koha.suggestions.values()].map((s) => s.library_id)).toEqual(['CPL', 'CPL']);

    koha.order([...koha.suggestions.keys()][0]!);
    expect((await r2b(['ils', 'sync'], env)).stdout).toContain('koha: read 2 titles, moved 1, placed 0 holds');
  });

  it('sends a title once when the process is killed while Koha is making its suggestion', async () => {
    koha = await kohaStandIn();
    const database = tempDatabase();
    const db = openSqlite(database);
    migrateSqlite(db);
    const at = Date.now();
    db.sqlite
      .prepare(
        `INSERT INTO titles (id, work_key, isbn13, title, status, stage, status_changed_at, created_at, updated_at)
         VALUES (1, 'isbn:9780132350884', '9780132350884', 'Clean Code', 'approved', 'active', ?, ?, ?)`,
      )
      .run(at, at, at);
    db.close();
    const env = {
      DATABASE_PATH: database,
      ILS: 'koha',
      ILS_URL: koha.url,
      ILS_USERNAME: 'r2b',
      ILS_PASSWORD: 'secret',
      ILS_LEASE_SECONDS: '1',
      LOG_LEVEL: 'silent',
    };
    koha.faults.push({ on: 'POST /api/v1/suggestions', delayMs: 60_000, times: 1 });
    const child = spawn(process.execPath, [CLI, 'ils', 'push'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    while (koha.suggestions.size === 0) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;

    await new Promise((r) => setTimeout(r, 1100));
    expect((await r2b(['ils', 'push'], env)).stdout).toContain('koha: sent 1');
    expect(koha.suggestions.size).toBe(1);
    expect(koha.log.filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  describe('in Koha order mode', () => {
    const setUp = async () => {
      koha = await kohaStandIn();
      const database = tempDatabase();
      const map = join(dirname(database), 'ils-map.json');
      writeFileSync(map, JSON.stringify({ basket: '3', funds: { GEN: '12' } }));
      const db = openSqlite(database);
      migrateSqlite(db);
      const at = Date.now();
      db.sqlite
        .prepare(
          `INSERT INTO titles (id, work_key, isbn13, title, status, stage, status_changed_at, created_at, updated_at)
           VALUES (1, 'isbn:9780132350884', '9780132350884', 'Clean Code', 'approved', 'active', ?, ?, ?)`,
        )
        .run(at, at, at);
      db.close();
      return {
        DATABASE_PATH: database,
        ILS: 'koha',
        KOHA_MODE: 'order',
        ILS_URL: koha.url,
        ILS_USERNAME: 'r2b',
        ILS_PASSWORD: 'secret',
        ILS_MAP_FILE: map,
        ORDER_DEFAULT_FUND: 'GEN',
        ILS_LEASE_SECONDS: '1',
        LOG_LEVEL: 'silent',
      };
    };

    it('push sends the record and the order line, sync reads the line back, status shows its order number and record', async () => {
      const env = await setUp();
      expect((await r2b(['ils', 'push'], env)).stdout).toContain('koha: sent 1');
      const [order] = [...koha.orders.values()];
      koha.closeBasket(3);
      expect((await r2b(['ils', 'sync'], env)).stdout).toContain('koha: read 1 titles, moved 1');
      const status = await r2b(['ils', 'status'], env);
      expect(status.stdout).toContain(`title 1 Clean Code: ${order!.order_id}, record ${order!.biblio_id} (ordered)`);
    });

    it.each([
      ['the record', 'POST /api/v1/biblios', () => koha.biblios.size],
      ['the order line', 'POST /api/v1/acquisitions/orders', () => koha.orders.size],
    ])('makes each once when the process is killed while Koha is making %s', async (_what, on, made) => {
      const env = await setUp();
      koha.faults.push({ on, delayMs: 60_000, times: 1 });
      const child = spawn(process.execPath, [CLI, 'ils', 'push'], { env: { ...process.env, ...env }, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      while (made() === 0) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      await exited;

      await new Promise((r) => setTimeout(r, 1100));
      expect((await r2b(['ils', 'push'], env)).stdout).toContain('koha: sent 1');
      expect(koha.biblios.size).toBe(1);
      expect(koha.orders.size).toBe(1);
      expect([...koha.orders.values()][0]).toMatchObject({ biblio_id: [...koha.biblios.keys()][0] });
    });

    it('will not start without the basket, and says what to set', async () => {
      const env = await setUp();
      writeFileSync(env.ILS_MAP_FILE, JSON.stringify({ funds: { GEN: '12' } }));
      await expect(r2b(['ils', 'push'], env)).rejects.toMatchObject({
        stderr: expect.stringContaining('"basket" is missing: give the basket_id of the basket staff opened in Koha'),
      });
      expect(koha.log).toEqual([]);
    });
  });

  it('says how to set an ILS up when none is', async () => {
    koha = await kohaStandIn();
    await expect(r2b(['ils', 'push'], { DATABASE_PATH: tempDatabase() })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('No ILS is set'),
    });
  });
});
