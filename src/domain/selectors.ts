// Which titles a selector looks after: disciplines, and LC call-number ranges ("QA76-QA76.99"),
// as the library assigns them in its selectors file. A selector with no assignment sees all.
import { z } from 'zod';

export const selectorsSchema = z
  .object({
    selectors: z.array(
      z
        .object({
          /** the selector's id in the identity system (their token's --patron) */
          patron: z.string().min(1),
          disciplines: z.array(z.string()).default([]),
          lcc: z
            .array(
              z.string().regex(/^[A-Z]{1,3}\d+(\.\d+)?-[A-Z]{1,3}\d+(\.\d+)?$/, 'an LC range such as QA76-QA76.99'),
            )
            .default([]),
        })
        .strict(),
    ),
  })
  .strict();

export type Selectors = z.infer<typeof selectorsSchema>;
export type Assignment = Selectors['selectors'][number];

export const NO_SELECTORS: Selectors = { selectors: [] };

export function assignmentOf(selectors: Selectors, patronExternalId: string | null | undefined): Assignment | null {
  return selectors.selectors.find((s) => s.patron === patronExternalId) ?? null;
}

/**
 * A key that sorts LC classes in shelf order as plain text: "QA76.73.J38 S53" is
 * "QA 0076.7300". Only the class matters for assignment, not the Cutter or the date.
 */
export function lccSortKey(callNumber: string | null | undefined): string | null {
  const match = /^([A-Z]{1,3})\s*(\d{1,4})(?:\.(\d+))?/.exec((callNumber ?? '').trim().toUpperCase());
  if (!match) return null;
  return `${match[1]!.padEnd(3, ' ')}${match[2]!.padStart(4, '0')}.${(match[3] ?? '').slice(0, 4).padEnd(4, '0')}`;
}

/** "QA76-QA76.99" as the inclusive range of sort keys it covers. */
export function lccRangeKeys(range: string): [string, string] {
  const [from, to] = range.split('-') as [string, string];
  const high = lccSortKey(to)!;
  // The upper bound covers its decimals: QA76.99 includes QA76.995.
  return [lccSortKey(from)!, `${high.slice(0, 8)}${(to.split('.')[1] ?? '').padEnd(4, '9')}`];
}
