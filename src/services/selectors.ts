// A selector's assignment as a condition on titles (alias t): their disciplines, or their LC
// call-number ranges over the titles' sort keys.
import { type SQL, sql } from 'drizzle-orm';
import { type Assignment, lccRangeKeys } from '../domain/selectors.js';

export function assignmentScope(assignment: Assignment | null): SQL {
  if (!assignment) return sql`1`;
  const ranges = assignment.lcc.map((range) => {
    const [from, to] = lccRangeKeys(range);
    return sql`t.lcc_sort BETWEEN ${from} AND ${to}`;
  });
  return sql`(t.discipline IN (SELECT value FROM json_each(${JSON.stringify(assignment.disciplines)}))${
    ranges.length ? sql` OR ${sql.join(ranges, sql` OR `)}` : sql``
  })`;
}
