// Departments: who the library buys for, with their liaison, fund and budget.
import { sql } from 'drizzle-orm';
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
