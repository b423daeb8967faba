// The Reed year loaded into a fresh library through the same importers a library uses, with a
// candidates file per as-of date: what the Reed test and `npm run backtest:reed` both start from.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferSource } from '../../src/services/imports/import-run.js';
import { importHoldings } from '../../src/services/imports/holdings.js';
import { importLoans } from '../../src/services/imports/loans.js';
import { type Harness, harness } from '../api/harness.js';
import { REED_AS_OF, REED_IMPORT, readReedLog, reedCandidates, reedHoldings } from './reed-log.js';

export interface ReedLibrary {
  h: Harness;
  /** as-of date to the path of its candidates file */
  candidates: Map<string, string>;
}

export async function reedLibrary(): Promise<ReedLibrary> {
  const h = await harness(REED_IMPORT.env);
  // The log ends in July 2019: the library is looked at from just after it.
  h.advance(Date.parse('2019-08-02T00:00:00Z') - h.now.getTime());
  const log = readReedLog();
  const map = REED_IMPORT.args.filter((_, i) => REED_IMPORT.args[i - 1] === '--map');
  await importLoans(h.deps, bufferSource('reed_checkouts_2018-08_2019-07.csv', log), { map, source: 'reed' });
  await importHoldings(h.deps, bufferSource('reed-holdings.csv', Buffer.from(reedHoldings(log, REED_AS_OF[0]!))));
  const folder = mkdtempSync(join(tmpdir(), 'r2b-reed-'));
  const candidates = new Map<string, string>();
  for (const date of REED_AS_OF) {
    const path = join(folder, `candidates-${date}.csv`);
    writeFileSync(path, reedCandidates(log, date));
    candidates.set(date, path);
  }
  return { h, candidates };
}
