// `r2b import departments`: a library sets up its departments, liaisons, funds, budgets and the
// disciplines each department reads in, from one CSV:
//   code,name,liaison_email,locale,fund,budget,disciplines
// with disciplines separated by ";" (optional). Rows are checked one by one; the good ones are
// written together in one atomic write, with the file's checkpoint.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../context.js';
import { runAtomic } from '../../db/db.js';
import { controlCharacterIn } from '../../domain/imported-text.js';
import { LOCALES } from '../../domain/locale.js';
import { type DepartmentInput, departmentUpsertStep } from '../departments.js';
import type { CsvChoices } from './csv.js';
import { openCsvRun } from './csv-run.js';
import { ImportError, type ImportSource, type ImportSummary } from './import-run.js';

const REQUIRED = ['code', 'name'];

const printable = (field: string) => (value: string, ctx: z.RefinementCtx) => {
  const why = controlCharacterIn(field, value);
  if (why) ctx.addIssue({ code: 'custom', message: why });
};

const rowSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'code: letters, digits, _ and - (at most 40)'),
  name: z.string().min(1, 'name is empty').max(200).superRefine(printable('name')),
  liaison_email: z.union([z.literal(''), z.email('liaison_email is not an email address')]),
  locale: z
    .string()
    .refine(
      (v) => v === '' || (LOCALES as readonly string[]).includes(v),
      `locale must be one of ${LOCALES.join(', ')}`,
    ),
  fund: z.string().max(60).superRefine(printable('fund')),
  budget: z.union([z.literal(''), z.coerce.number('budget is not a number').nonnegative('budget is negative')]),
  disciplines: z.string(),
});
/** The columns a departments file is read from (code and name required). */
export const DEPARTMENT_COLUMNS = rowSchema.keyof().options;

export async function importDepartments(
  deps: Deps,
  source: ImportSource,
  options: CsvChoices = {},
): Promise<ImportSummary> {
  const run = await openCsvRun(deps, source, 'departments', options);
  if (run.done) return run.done;

  const known = new Set(deps.classification.disciplines.map((d) => d.code));
  const accepted: { department: DepartmentInput; disciplines: string[] }[] = [];
  let header: string[] = [];
  const readHeader = (record: string[]) => {
    header = record.map((h) => h.trim().toLowerCase());
    const missing = REQUIRED.filter((c) => !header.includes(c));
    if (missing.length)
      throw new ImportError(
        `The departments file needs the column(s) ${missing.join(', ')}; it has: ${record.join(', ')}.`,
      );
  };
  for await (const { record, line } of run.rows(readHeader)) {
    const raw = Object.fromEntries(DEPARTMENT_COLUMNS.map((k) => [k, (record[header.indexOf(k)] ?? '').trim()]));
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      run.reject(line, parsed.error.issues.map((i) => i.message).join('; '));
      continue;
    }
    const row = parsed.data;
    const disciplines = row.disciplines
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean);
    const unknown = disciplines.filter((d) => !known.has(d));
    if (unknown.length) {
      run.reject(line, `unknown discipline(s): ${unknown.join(', ')} (see db/classification/disciplines.json)`);
      continue;
    }
    accepted.push({
      department: {
        code: row.code,
        name: row.name,
        liaisonEmail: row.liaison_email || null,
        locale: row.locale || deps.config.DEFAULT_LOCALE,
        fund: row.fund || null,
        budget: row.budget === '' ? null : row.budget,
      },
      disciplines,
    });
  }

  // The departments are written together, once the whole file is read: a file is one library's
  // set of departments, not a stream.
  const links = JSON.stringify(accepted.flatMap((a) => a.disciplines.map((d) => [a.department.code, d])));
  const codes = JSON.stringify(accepted.map((a) => a.department.code));
  await runAtomic(deps.db, [
    ...(accepted.length
      ? [
          departmentUpsertStep(
            deps.db,
            accepted.map((a) => a.department),
            deps.clock(),
          ),
          sql`DELETE FROM department_disciplines WHERE department_code IN (SELECT value FROM json_each(${codes}))`,
          sql`INSERT INTO department_disciplines (department_code, discipline)
              SELECT j.value->>0, j.value->>1 FROM json_each(${links}) j WHERE true ON CONFLICT DO NOTHING`,
        ]
      : []),
    run.checkpoint({ imported: accepted.length }, true),
  ]);
  run.summary.imported = accepted.length;
  return run.finish();
}
