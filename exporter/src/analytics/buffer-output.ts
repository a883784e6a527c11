/**
 * An export output held in memory as chunks of at most CHUNK_BYTES, refusing to grow past a
 * byte limit: the job's file before it is handed to the store in one step.
 */
import { Writable } from 'node:stream';
import type { ExportOutput } from '../../../export/src/run-export';

export const CHUNK_BYTES = 1024 * 1024;

export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
}

export interface BufferOutput extends ExportOutput {
  /** The file's chunks once the export has finished. */
  chunks(): readonly Buffer[];
  readonly bytes: number;
}

export function createBufferOutput(maxBytes: number, description: string): BufferOutput {
  const chunks: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  const flush = (): void => {
    if (pendingBytes > 0) chunks.push(Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (bytes + chunk.length > maxBytes) {
        done(new FileTooLargeError(`the file grew past the limit of ${maxBytes} bytes (exports.max_file_bytes); export fewer days or metrics`));
        return;
      }
      bytes += chunk.length;
      for (let offset = 0; offset < chunk.length; ) {
        const take = Math.min(CHUNK_BYTES - pendingBytes, chunk.length - offset);
        pending.push(chunk.subarray(offset, offset + take));
        pendingBytes += take;
        offset += take;
        if (pendingBytes === CHUNK_BYTES) flush();
      }
      done();
    },
    final(done) {
      flush();
      done();
    },
  });
  return {
    stream,
    ownsStream: true,
    description,
    chunks: () => chunks,
    get bytes() {
      return bytes;
    },
    async discard() {
      chunks.length = 0;
      pending = [];
      stream.destroy();
      return false;
    },
  };
}
