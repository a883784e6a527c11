/**
 * Starts a worker thread on a module beside the caller, in whatever form the caller runs: the
 * compiled .js directly (dist/), or the .ts sources through tsx's require hook, which the new
 * thread must load itself (the loader given with --import does not reach worker threads, and
 * jest's transform does not either).
 */
import { extname, join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** `callerFile` is the caller's __filename; `name` the module's name without extension, in the same folder. */
export function startSiblingWorker(callerFile: string, name: string, options: { resourceLimits?: ResourceLimits } = {}): Worker {
  const extension = extname(callerFile) === '.ts' ? '.ts' : '.js';
  const file = join(callerFile, '..', `${name}${extension}`);
  if (extension === '.js') return new Worker(file, options);
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
