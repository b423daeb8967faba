// The worker thread of a large loan import: reads and parses the file while the importing
// thread writes the batches it has been sent, so the two halves use both cores. At most
// BATCHES_IN_FLIGHT are unwritten, so memory stays flat however large the file.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadClassificationData } from './classification-data.js';
import { ImportError } from '../services/imports/import-run.js';
import {
  BATCHES_IN_FLIGHT,
  type LoanBatch,
  loanBatches,
  type LoanParseSetup,
} from '../services/imports/loan-batches.js';

export type FromWorker =
  { type: 'batch'; batch: LoanBatch } | { type: 'done' } | { type: 'error'; message: string; importError: boolean };

const { path, setup } = workerData as { path: string; setup: LoanParseSetup };
const port = parentPort!;
let unacknowledged = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  unacknowledged--;
  wake?.();
  wake = null;
});

try {
  const batches = loanBatches(createReadStream(path, { highWaterMark: 1 << 20 }), setup, loadClassificationData());
  for await (const batch of batches) {
    port.postMessage({ type: 'batch', batch } satisfies FromWorker);
    unacknowledged++;
    while (unacknowledged >= BATCHES_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
  }
  port.postMessage({ type: 'done' } satisfies FromWorker);
} catch (error) {
  port.postMessage({
    type: 'error',
    message: (error as Error).message,
    importError: error instanceof ImportError,
  } satisfies FromWorker);
}
