// Small pieces for the raw statements of atomic writes.
import { type SQL, sql } from 'drizzle-orm';

/** `(?, ?, ?)` for `IN` with bound parameters. */
export function sqlList(values: readonly (string | number)[]): SQL {
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** An id made by the service, so a batch can refer to a row before it is written. */
export function newId(): string {
  return crypto.randomUUID();
}
