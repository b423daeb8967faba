// Starting one of our modules on a worker thread. Built, the module is the .js file named;
// under the test runner only its TypeScript source exists, and the worker registers tsx first.
import { existsSync } from 'node:fs';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * @param module the module's built file, `new URL('./name.js', import.meta.url)`
 * @param resourceLimits the thread's heap, where its work needs other than V8's defaults
 */
export function startWorker(module: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const options = resourceLimits ? { workerData, resourceLimits } : { workerData };
  if (existsSync(module)) return new Worker(module, options);
  const source = new URL(module.href.replace(/\.js$/, '.ts'));
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(boot, { eval: true, ...options });
}
