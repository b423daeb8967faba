// The statements a piece of the service runs, recorded with their values as it runs them, and
// run again with nothing around them: the SQL floor of a path. Every better-sqlite3 statement
// the connection runs is seen, drizzle's and the service's own alike.
import type Database from 'better-sqlite3';

export interface Call {
  source: string;
  reader: boolean;
  params: unknown[];
}

// The transaction's own BEGIN, SAVEPOINT and COMMIT are the replay's to run.
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** The statements `run` makes `sqlite` run, in order, with their values. */
export async function recordStatements<T>(
  sqlite: Database.Database,
  run: () => Promise<T>,
): Promise<{ calls: Call[]; result: T }> {
  const Statement = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<string, unknown>;
  const originals = Object.fromEntries(['run', 'get', 'all', 'iterate'].map((m) => [m, Statement[m]]));
  const calls: Call[] = [];
  for (const method of Object.keys(originals)) {
    Statement[method] = function (this: { source: string; reader: boolean }, ...params: unknown[]) {
      if (!TRANSACTION_CONTROL.test(this.source)) calls.push({ source: this.source, reader: this.reader, params });
      return (originals[method] as (...a: unknown[]) => unknown).apply(this, params);
    };
  }
  try {
    return { calls, result: await run() };
  } finally {
    Object.assign(Statement, originals);
  }
}

/** A runner of recorded calls on `sqlite`, each statement prepared once. */
export function replayer(sqlite: Database.Database): (calls: Call[]) => void {
  const statements = new Map<string, Database.Statement>();
  return (calls) => {
    for (const call of calls) {
      let statement = statements.get(call.source);
      if (!statement) statements.set(call.source, (statement = sqlite.prepare(call.source)));
      if (call.reader) statement.raw(true).all(...call.params);
      else statement.run(...call.params);
    }
  };
}
