// The departments service: what a department or a fund has to spend, and who gets a digest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateSqlite, openSqlite, type SqliteDb } from '../../src/db/sqlite.js';
import {
  budgetCentsOf,
  departmentsOfFund,
  departmentsWithLiaison,
  listDepartments,
  upsertDepartments,
} from '../../src/services/departments.js';

describe("a fund's budget", () => {
  it('is the sum of the budgets of the departments drawing on it', () => {
    expect(budgetCentsOf([{ budgetCents: 500_000 }, { budgetCents: 250_050 }])).toBe(750_050);
  });

  it('leaves out a department with no budget of its own, and is none when no department has one', () => {
    expect(budgetCentsOf([{ budgetCents: null }, { budgetCents: 120_000 }])).toBe(120_000);
    expect(budgetCentsOf([{ budgetCents: null }])).toBeNull();
    expect(budgetCentsOf([])).toBeNull();
  });
});

describe('the departments', () => {
  let db: SqliteDb;
  beforeEach(async () => {
    db = openSqlite(':memory:');
    migrateSqlite(db);
    await upsertDepartments(
      db,
      [
        { code: 'PHYS', name: 'Physics', fund: 'SCI', budget: 4000, liaisonEmail: 'phys@example.edu' },
        { code: 'CHEM', name: 'Chemistry', fund: 'SCI', budget: null },
        {
          code: 'HIST',
          name: 'History',
          fund: 'HUM',
          budget: 2500.5,
          liaisonEmail: 'hist@example.edu',
          locale: 'zh-Hant',
        },
      ],
      new Date('2026-03-02T09:00:00Z'),
    );
  });
  afterEach(() => db.close());

  it('are listed by code for reports and by name for a reader to pick from', async () => {
    expect((await listDepartments(db)).map((d) => d.code)).toEqual(['CHEM', 'HIST', 'PHYS']);
    expect((await listDepartments(db, 'name')).map((d) => d.name)).toEqual(['Chemistry', 'History', 'Physics']);
  });

  it('of a fund are those drawing on it, with their budgets in cents', async () => {
    const sci = await departmentsOfFund(db, 'SCI');
    expect(sci.map((d) => [d.code, d.budgetCents]).sort()).toEqual([
      ['CHEM', null],
      ['PHYS', 400_000],
    ]);
    expect(budgetCentsOf(sci)).toBe(400_000);
  });

  it('with a liaison get a digest; one without is left out, even when asked for', async () => {
    expect((await departmentsWithLiaison(db)).map((d) => [d.code, d.liaisonEmail, d.locale])).toEqual([
      ['HIST', 'hist@example.edu', 'zh-Hant'],
      ['PHYS', 'phys@example.edu', 'en'],
    ]);
    expect((await departmentsWithLiaison(db, 'PHYS')).map((d) => d.code)).toEqual(['PHYS']);
    expect(await departmentsWithLiaison(db, 'CHEM')).toEqual([]);
  });
});
