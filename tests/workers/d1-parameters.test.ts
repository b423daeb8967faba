// D1 binds at most 100 parameters to a statement; the service asks "in (…)" over a page of 200
// titles or an enrichment run of 2,000. The D1 adapter sends such a list as one JSON parameter.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fitParameters, placeholders } from '../../src/db/d1.js';

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

describe('statements over D1’s parameter limit', () => {
  it('passes a statement within the limit through untouched', () => {
    const query = `select * from titles where id in (${marks(100)})`;
    expect(fitParameters(query, ids(100))).toEqual({ query, params: ids(100) });
  });

  it('sends a long in-list as one JSON parameter, the parameters around it kept in order', () => {
    const query = `select * from "titles" where "status" = ? and "titles"."id" in (${marks(150)}) limit ?`;
    const fitted = fitParameters(query, ['submitted', ...ids(150), 50]);
    expect(fitted.query).toBe(
      'select * from "titles" where "status" = ? and "titles"."id" in (select value from json_each(?)) limit ?',
    );
    expect(fitted.params).toEqual(['submitted', JSON.stringify(ids(150)), 50]);
  });

  it('rewrites the longest lists first, and no more of them than it takes', () => {
    const query = `select 1 where a in (${marks(3)}) and b in (${marks(99)}) and c in (${marks(2)})`;
    const fitted = fitParameters(query, [...ids(3), ...ids(99, 10), 'x', 'y']);
    expect(fitted.query).toBe(
      `select 1 where a in (${marks(3)}) and b in (select value from json_each(?)) and c in (?, ?)`,
    );
    expect(fitted.params).toEqual([...ids(3), JSON.stringify(ids(99, 10)), 'x', 'y']);
  });

  it('finds the same rows as the list it replaces, numbers and text alike', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT)');
    const insert = db.prepare('INSERT INTO t (id, code) VALUES (?, ?)');
    for (const id of ids(300)) insert.run(id, `c${id}`);
    const wanted = ids(120, 50);
    for (const [column, values] of [
      ['id', wanted],
      ['code', wanted.map((id) => `c${id}`)],
    ] as const) {
      const query = `SELECT id FROM t WHERE ${column} IN (${marks(values.length)}) ORDER BY id`;
      const fitted = fitParameters(query, values);
      expect(fitted.params).toHaveLength(1);
      expect(db.prepare(fitted.query).all(...fitted.params)).toEqual(db.prepare(query).all(...values));
    }
  });

  it('leaves question marks in quoted text and comments alone', () => {
    const query = `select 'in (?, ?)' as "why?", x from t -- in (?)\nwhere x in (${marks(101)}) /* ? */`;
    expect(placeholders(query)).toHaveLength(101);
    const fitted = fitParameters(query, ids(101));
    expect(fitted.query).toBe(
      `select 'in (?, ?)' as "why?", x from t -- in (?)\nwhere x in (select value from json_each(?)) /* ? */`,
    );
  });

  it('leaves what it cannot rewrite for D1 to refuse by name: numbered parameters, blobs', () => {
    const numbered = `select 1 where a = ?1 and b in (${marks(101)})`;
    expect(fitParameters(numbered, ids(102)).query).toBe(numbered);
    const blobs = `insert into files (data) select 1 where x in (${marks(101)})`;
    const values = ids(101).map(() => new Uint8Array([1]));
    expect(fitParameters(blobs, values).query).toBe(blobs);
  });
});
