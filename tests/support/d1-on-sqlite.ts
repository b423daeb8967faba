// A D1 binding over a better-sqlite3 connection, so the D1 adapter's own way of writing (an atomic
// write as one batch of statements, none reading another's result in JavaScript) runs in a Node
// test beside the Node adapter's and leaves a database to compare. Only what drizzle and the
// adapter call is here.
import type Database from 'better-sqlite3';
import type { D1Binding, D1Statement } from '../../src/db/d1.js';

export function d1OnSqlite(sqlite: Database.Database): D1Binding {
  const statement = (query: string, params: unknown[] = []): D1Statement & { exec(): unknown } => {
    const prepared = () => sqlite.prepare(query);
    const rows = () => {
      const s = prepared();
      return s.reader ? (s.all(...params) as Record<string, unknown>[]) : (s.run(...params), []);
    };
    return {
      bind: (...values) => statement(query, values),
      first: async (column) => {
        const row = rows()[0];
        return column === undefined ? (row ?? null) : (row?.[column] ?? null);
      },
      all: async () => ({ results: rows(), success: true }),
      run: async () => ({ results: rows(), success: true }),
      raw: async () => {
        const s = prepared();
        return s.reader ? (s.raw(true).all(...params) as unknown[][]) : (s.run(...params), []);
      },
      exec: () => ({ results: rows(), success: true }),
    };
  };
  return {
    prepare: (query) => statement(query),
    // D1 runs a batch as one transaction.
    batch: async (statements) =>
      sqlite.transaction(() => statements.map((s) => (s as ReturnType<typeof statement>).exec()))(),
  };
}
