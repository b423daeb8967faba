// Small pieces for the raw statements of atomic writes.
import { is, Placeholder, type Query, type SQL, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';

/** `(?, ?, ?)` for `IN` with bound parameters. */
export function sqlList(values: readonly (string | number)[]): SQL {
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** A value in a raw step: a literal, a placeholder of a compiled step, or an expression over
 *  the rows the step reads (such as `s.patron_id`). */
export type StepValue = SQL | Placeholder | string | number | null;

/** An id made by the service, so a batch can refer to a row before it is written. A random
 *  (version 4) UUID, which any system takes: FOLIO, given one as an order's id, refuses others. */
export function newId(): string {
  return crypto.randomUUID();
}

/**
 * An id for the rows intake writes at its rate into unique indexes keyed by it (requests,
 * events, messages): time-ordered (UUID version 7, RFC 9562: the millisecond, then 74 random
 * bits). Random ids put each new row on a leaf page of its own in every such index, so a group
 * commit wrote a page per index per suggestion; ordered ones share the index's last pages.
 */
export function newOrderedId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  // A version 4 UUID's random bits and variant, behind the time and the version.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${crypto.randomUUID().slice(15)}`;
}

const dialect = new SQLiteSyncDialect();

/**
 * Raw SQL with named placeholders (`sql.placeholder('name')`), turned into its text once and
 * then into a step with fresh values on every call. Building the text of a large conditional
 * statement costs drizzle more than SQLite takes to run it; a hot path pays it once.
 */
export function compileStep<V extends Record<string, unknown>>(query: SQL): (values: V) => Query {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const names = params.map((param) => (is(param, Placeholder) ? param.name : null));
  return (values) => ({
    sql: text,
    params: params.map((param, i) => {
      const name = names[i];
      if (name === null || name === undefined) return param;
      if (!(name in values)) throw new Error(`no value for placeholder "${name}"`);
      return values[name];
    }),
  });
}

/**
 * `column` holds `text` anywhere, as typed: the `%` and `_` a person types are characters, not
 * LIKE's wildcards. Case is ignored for ASCII, as SQLite's LIKE does.
 */
export function containsText(column: SQL, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}
