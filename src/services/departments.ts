// Departments: who the library buys for, with their liaison, fund and budget. Every read and
// write of the departments table is here.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { type Db, runAtomic } from '../db/db.js';
import { departments } from '../db/schema.js';

export interface DepartmentInput {
  code: string;
  name: string;
  liaisonEmail?: string | null;
  locale?: string;
  fund?: string | null;
  /** in the library's currency, whole units */
  budget?: number | null;
}

/** Insert or update by code, all together. */
export async function upsertDepartments(db: Db, rows: DepartmentInput[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await runAtomic(db, [departmentUpsertStep(db, rows, now)]);
}

/** The statement that inserts or updates these departments, for an atomic write. */
export function departmentUpsertStep(db: Db, rows: DepartmentInput[], now: Date) {
  return db.orm
    .insert(departments)
    .values(
      rows.map((d) => ({
        code: d.code,
        name: d.name,
        liaisonEmail: d.liaisonEmail ?? null,
        locale: d.locale ?? 'en',
        fund: d.fund ?? null,
        budgetCents: d.budget === null || d.budget === undefined ? null : Math.round(d.budget * 100),
        createdAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: departments.code,
      set: {
        name: sql`excluded.name`,
        liaisonEmail: sql`excluded.liaison_email`,
        locale: sql`excluded.locale`,
        fund: sql`excluded.fund`,
        budgetCents: sql`excluded.budget_cents`,
      },
    });
}

export type Department = Omit<typeof departments.$inferSelect, 'createdAt'>;

/** What an admin changes of a department; a field left out stays as it is, null clears it. */
export interface DepartmentChange {
  fund?: string | null | undefined;
  /** in the library's currency */
  budget?: number | null | undefined;
  liaisonEmail?: string | null | undefined;
  locale?: string | undefined;
}

/** Change a department's budget, fund or liaison; undefined when there is no department `code`. */
export async function updateDepartment(
  db: Db,
  code: string,
  change: DepartmentChange,
): Promise<Department | undefined> {
  const set = {
    ...(change.fund !== undefined ? { fund: change.fund } : {}),
    ...(change.budget !== undefined
      ? { budgetCents: change.budget === null ? null : Math.round(change.budget * 100) }
      : {}),
    ...(change.liaisonEmail !== undefined ? { liaisonEmail: change.liaisonEmail } : {}),
    ...(change.locale !== undefined ? { locale: change.locale } : {}),
  };
  if (Object.keys(set).length > 0) {
    await runAtomic(db, [db.orm.update(departments).set(set).where(eq(departments.code, code))]);
  }
  return await findDepartment(db, code);
}

const columns = {
  code: departments.code,
  name: departments.name,
  liaisonEmail: departments.liaisonEmail,
  locale: departments.locale,
  fund: departments.fund,
  budgetCents: departments.budgetCents,
};

/** Every department, by code (reports) or by name (what a reader picks from). */
export async function listDepartments(db: Db, order: 'code' | 'name' = 'code'): Promise<Department[]> {
  return await db.orm
    .select(columns)
    .from(departments)
    .orderBy(asc(order === 'name' ? departments.name : departments.code));
}

export async function findDepartment(db: Db, code: string): Promise<Department | undefined> {
  return await db.orm.select(columns).from(departments).where(eq(departments.code, code)).get();
}

/** The departments that draw on a fund. */
export async function departmentsOfFund(db: Db, fund: string): Promise<Department[]> {
  return await db.orm.select(columns).from(departments).where(eq(departments.fund, fund));
}

/** The departments a digest goes to (those with a liaison), by code; or just the one asked for, if it has one. */
export async function departmentsWithLiaison(
  db: Db,
  code?: string,
): Promise<(Department & { liaisonEmail: string })[]> {
  const rows = await db.orm
    .select(columns)
    .from(departments)
    .where(and(isNotNull(departments.liaisonEmail), code === undefined ? undefined : eq(departments.code, code)))
    .orderBy(asc(departments.code));
  return rows.filter((d): d is Department & { liaisonEmail: string } => d.liaisonEmail !== null);
}

/** What the departments have to spend together, in cents; null when none of them has a budget. */
export function budgetCentsOf(rows: Pick<Department, 'budgetCents'>[]): number | null {
  const budgets = rows.map((d) => d.budgetCents).filter((cents) => cents !== null);
  return budgets.length ? budgets.reduce((sum, cents) => sum + cents, 0) : null;
}
