/**
 * Streams formatted rows into a Writable, honouring backpressure: a write the stream cannot
 * take now waits for 'drain', so memory stays at one chunk of rows however long the export.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportRow } from './rows';
import type { RowFormat } from './row-formats';

export interface RowSink {
  writeRows(rows: readonly ExportRow[]): Promise<void>;
  /** Writes the footer; ends the stream too when the sink owns it (a file, not stdout). */
  finish(): Promise<void>;
  readonly rowCount: number;
}

export interface RowSinkOptions {
  readonly stream: Writable;
  readonly format: RowFormat;
  /** End the stream on finish and wait until it is flushed and closed. */
  readonly endStream: boolean;
  /** Names the output in errors ("write out.csv: ENOSPC …"). */
  readonly name: string;
}

/** Resolves when the stream can take more, or will never take more (error, close); the caller looks at which. */
function writable(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'error', 'close']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'error', 'close']) stream.on(event, done);
  });
}

export function createRowSink({ stream, format, endStream, name }: RowSinkOptions): RowSink {
  let rowCount = 0;
  let failure: Error | undefined;
  // Kept for the sink's whole life: a write error between two awaits must not crash the process.
  stream.on('error', (error) => (failure ??= new Error(`write ${name}: ${error.message}`, { cause: error })));

  const write = async (text: string): Promise<void> => {
    if (failure) throw failure;
    if (text.length === 0) return;
    if (!stream.write(text)) await writable(stream);
    if (failure) throw failure;
    if (stream.destroyed) throw new Error(`write ${name}: the stream was closed`);
  };

  let started = false;
  const start = async (): Promise<void> => {
    if (started) return;
    started = true;
    await write(format.header);
  };

  return {
    get rowCount() {
      return rowCount;
    },
    async writeRows(rows) {
      await start();
      let text = '';
      for (const row of rows) text += format.row(row, rowCount++);
      await write(text);
    },
    async finish() {
      await start();
      await write(format.footer(rowCount));
      if (endStream) {
        stream.end();
        await once(stream, 'close').catch(() => undefined);
      } else {
        await new Promise<void>((resolve) => stream.write('', () => resolve()));
      }
      if (failure) throw failure;
    },
  };
}
