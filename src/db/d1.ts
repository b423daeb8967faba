// The Workers driver: drizzle over a D1 binding. D1 cannot hold a transaction open across
// JavaScript, so an atomic write is one `batch()`, which D1 runs as a single transaction.
// Migrations are applied by `wrangler d1 migrations apply`, which records them in its own
// table; this adapter only reads that table to answer /readyz.
import { type Query, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { type Db, isCompiledStep, isRawStep, type Orm } from './db.js';
import { schema } from './schema.js';

/** The parts of a D1 statement drizzle uses (workerd's D1PreparedStatement). */
export interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  first(column?: string): Promise<unknown>;
  all(): Promise<unknown>;
  run(): Promise<unknown>;
  raw(options?: unknown): Promise<unknown[]>;
}

/** The parts of a D1 binding (`env.DB`) drizzle uses. */
export interface D1Binding {
  prepare(query: string): D1Statement;
  batch(statements: D1Statement[]): Promise<unknown[]>;
}

/** D1 binds at most 100 parameters to one statement (SQLite's own limit is 32,766). */
export const D1_MAX_PARAMETERS = 100;

/** Where `wrangler d1 migrations apply` records what it applied (its default table name). */
const MIGRATIONS_TABLE = 'd1_migrations';

/**
 * @param binding the D1 database binding
 * @param migrations the migration files this build ships (db/migrations/*.sql), by file name
 */
export function openD1(binding: D1Binding, migrations: readonly string[]): Db {
  // drizzle-orm/d1 is typed against @cloudflare/workers-types' global D1Database, which this
  // project does not install (its globals clash with Node's); the shape is the one above.
  const client = withParameterLimit(binding);
  const orm = drizzle(client as unknown as Parameters<typeof drizzle>[0], { schema });
  const dialect = new SQLiteAsyncDialect();
  return {
    orm: orm as unknown as Orm,
    async atomic(steps) {
      // Straight to D1's batch rather than through drizzle's, which cannot bind a raw SQL step
      // (drizzle-orm 0.45: "Cannot read properties of undefined (reading 'bind')").
      const statements = steps.map((step) => {
        const query = isCompiledStep(step)
          ? step
          : isRawStep(step)
            ? dialect.sqlToQuery(step)
            : (step as unknown as { toSQL(): Query }).toSQL();
        return client.prepare(query.sql).bind(...query.params);
      });
      await client.batch(statements);
    },
    migrateCommand: 'npx wrangler d1 migrations apply r2b --remote',
    jsonEach: (json) => sql`json_each(${json})`,
    async pendingMigrations() {
      const table = await orm.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${MIGRATIONS_TABLE}`,
      );
      if (!table?.n) return migrations.length;
      const applied = await orm.all<{ name: string }>(sql`SELECT name FROM ${sql.identifier(MIGRATIONS_TABLE)}`);
      const names = new Set(applied.map((row) => row.name));
      return migrations.filter((file) => !names.has(file)).length;
    },
  };
}

/**
 * The binding, with statements over D1's parameter limit made to fit: the service asks for
 * "title id in (…)" over a page of 200 titles, or the 2,000 jobs of an enrichment run, which
 * SQLite binds as one parameter each. Such a list travels instead as one JSON parameter that
 * SQLite unpacks with json_each, the way the importers send their batches. Statements within
 * the limit are passed through untouched.
 */
export function withParameterLimit(binding: D1Binding, max = D1_MAX_PARAMETERS): D1Binding {
  return {
    prepare(query) {
      const unbound = () => binding.prepare(query);
      const statement: D1Statement = {
        bind(...values) {
          const fitted = fitParameters(query, values, max);
          return binding.prepare(fitted.query).bind(...fitted.params);
        },
        first: (column) => unbound().first(column),
        all: () => unbound().all(),
        run: () => unbound().run(),
        raw: (options) => unbound().raw(options),
      };
      return statement;
    },
    batch: (statements) => binding.batch(statements),
  };
}

interface InList {
  start: number;
  end: number;
  /** the index of the list's first parameter */
  first: number;
  count: number;
}

/**
 * The statement with its longest `in (?, ?, …)` lists of plain values rewritten as
 * `in (select value from json_each(?))`, longest first, until it binds at most `max`
 * parameters. Anything it cannot rewrite is returned as it was, for D1 to refuse by name.
 */
export function fitParameters(
  query: string,
  params: readonly unknown[],
  max = D1_MAX_PARAMETERS,
): { query: string; params: unknown[] } {
  const unchanged = { query, params: [...params] };
  if (params.length <= max) return unchanged;
  const marks = placeholders(query);
  if (!marks || marks.length !== params.length) return unchanged;

  const lists: InList[] = [];
  for (const match of query.matchAll(/\bin\s*\(\s*\?(?:\s*,\s*\?)*\s*\)/gi)) {
    const start = match.index;
    const end = start + match[0].length;
    const first = marks.findIndex((at) => at >= start);
    const count = match[0].split('?').length - 1;
    // Every ? of the list must be a placeholder (not text inside a quoted literal) ...
    if (first < 0 || marks[first + count - 1] === undefined || marks[first + count - 1]! >= end) continue;
    // ... and every value one JSON carries as SQLite would have bound it.
    if (!params.slice(first, first + count).every(isPlainValue)) continue;
    lists.push({ start, end, first, count });
  }

  const chosen: InList[] = [];
  let total = params.length;
  for (const list of [...lists].sort((a, b) => b.count - a.count)) {
    if (total <= max || list.count < 2) break;
    chosen.push(list);
    total -= list.count - 1;
  }
  if (chosen.length === 0) return unchanged;

  chosen.sort((a, b) => a.start - b.start);
  let text = '';
  const values: unknown[] = [];
  let at = 0;
  let next = 0;
  for (const list of chosen) {
    text += query.slice(at, list.start) + 'in (select value from json_each(?))';
    values.push(...params.slice(next, list.first), JSON.stringify(params.slice(list.first, list.first + list.count)));
    at = list.end;
    next = list.first + list.count;
  }
  text += query.slice(at);
  values.push(...params.slice(next));
  return { query: text, params: values };
}

function isPlainValue(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * The offsets of the `?` placeholders in a statement, skipping quoted strings, quoted
 * identifiers and comments; null when it uses numbered or named parameters (drizzle does not).
 */
export function placeholders(query: string): number[] | null {
  const marks: number[] = [];
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let end = query.indexOf(close, i + 1);
      // A doubled quote inside a literal is one quote character, not the end.
      while (end >= 0 && close !== ']' && query[end + 1] === close) end = query.indexOf(close, end + 2);
      if (end < 0) return null;
      i = end;
    } else if (c === '-' && query[i + 1] === '-') {
      const end = query.indexOf('\n', i);
      i = end < 0 ? query.length : end;
    } else if (c === '/' && query[i + 1] === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end < 0 ? query.length : end + 1;
    } else if (c === '?') {
      if (/[0-9]/.test(query[i + 1] ?? '')) return null;
      marks.push(i);
    } else if ((c === ':' || c === '@' || c === '$') && /[A-Za-z_]/.test(query[i + 1] ?? '')) {
      return null;
    }
  }
  return marks;
}
