import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside `from` (an `import.meta.url`). Built, that is
 * `name.js`; from sources under tsx (tests, `npm start`) it is `name.ts`, and the thread registers
 * tsx itself first: Node 20's workers do not inherit the main thread's loader hooks, even with
 * `--import tsx` in their execArgv.
 */
export function startModuleThread(from: string, name: string, workerData: unknown): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), { workerData });
  const module = new URL(`./${name}.ts`, from).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
