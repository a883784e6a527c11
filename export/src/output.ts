/** Where the export writes: stdout, or a file opened (truncated) only when the first rows are ready. */
import { once } from 'node:events';
import { open, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { ExportOutput } from './run-export';

export function stdoutOutput(stdout: Writable): ExportOutput {
  return { stream: stdout, ownsStream: false, description: 'stdout', discard: async () => false };
}

export async function openFileOutput(path: string): Promise<ExportOutput> {
  let handle;
  try {
    handle = await open(path, 'w');
  } catch (error) {
    throw new Error(`cannot write --out ${path}: ${(error as Error).message}`, { cause: error });
  }
  const stream = handle.createWriteStream();
  return {
    stream,
    ownsStream: true,
    description: path,
    async discard() {
      if (!stream.closed) {
        const closed = once(stream, 'close').catch(() => undefined);
        stream.destroy();
        await closed;
      }
      await rm(path, { force: true });
      return true;
    },
  };
}
