// The ILS jobs: send what is due (the outbox, services/ils/outbox.ts) and read back what the
// ILS did (services/ils/sync.ts). Both do nothing while ILS is none.
import type { Deps } from '../context.js';
import { runIlsPush } from '../services/ils/outbox.js';
import { runIlsSync } from '../services/ils/sync.js';

export const runIlsPushJob = (deps: Deps) => runIlsPush(deps);
export const runIlsSyncJob = (deps: Deps) => runIlsSync(deps);
