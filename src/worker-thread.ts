// Starting one of our modules on a worker thread. Built, the module is the .js file named;
// under the test runner only its TypeScript source exists, and the worker registers tsx first.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** @param module the module's built file, `new URL('./name.js', import.meta.url)` */
export function startWorker(module: URL, workerData: unknown): Worker {
  if (existsSync(module)) return new Worker(module, { workerData });
  const source = new URL(module.href.replace(/\.js$/, '.ts'));
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
