// The reliability tests run sized for CI by default; R2B_LONG=1 runs the long variants
// (`npm run test:long`). Random choices come from a seed shown in each test's messages, so a
// failing run can be replayed with R2B_SEED.
import { seededRandom } from '../../src/domain/random.js';

export const LONG = process.env.R2B_LONG === '1';

export const SEED = Number(process.env.R2B_SEED ?? Date.now() % 1_000_000);

export const random = () => seededRandom(SEED);
