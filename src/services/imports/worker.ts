// Starting one of our modules on a worker thread. Built, the module is a .js file beside this
// one; under the test runner it is still TypeScript, and the worker registers tsx first.
import { Worker } from 'node:worker_threads';

export function startWorker(name: string, workerData: unknown): Worker {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const file = new URL(`./${name}.ts`, self).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
    return new Worker(boot, { eval: true, workerData });
  }
  return new Worker(new URL(`./${name}.js`, self), { workerData });
}
