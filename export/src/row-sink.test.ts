import { Writable } from 'node:stream';
import { csvFormat, jsonFormat } from './row-formats';
import { createRowSink } from './row-sink';
import type { ExportRow } from './rows';

const row = (value: number): ExportRow => ({ timestamp: '2026-11-01T00:00:00Z', metric: 'api_requests', project: 'p', region: 'r', value: String(value) });

/** A slow consumer with a tiny buffer, so nearly every write has to wait for 'drain'. */
function slowStream(): { stream: Writable; text: () => string; maxBuffered: () => number } {
  let text = '';
  let maxBuffered = 0;
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      maxBuffered = Math.max(maxBuffered, stream.writableLength);
      text += chunk.toString();
      setImmediate(callback);
    },
  });
  return { stream, text: () => text, maxBuffered: () => maxBuffered };
}

describe('createRowSink', () => {
  it('waits for drain between batches, so only one batch is ever buffered', async () => {
    const { stream, text, maxBuffered } = slowStream();
    const sink = createRowSink({ stream, format: csvFormat, endStream: true, name: 'out.csv' });
    const batch = csvFormat.row(row(49), 0).length; // the longest row; without backpressure all 50 would queue
    for (let i = 0; i < 50; i++) await sink.writeRows([row(i)]);
    await sink.finish();
    expect(sink.rowCount).toBe(50);
    expect(maxBuffered()).toBeLessThanOrEqual(batch);
    expect(text().split('\n')).toHaveLength(52);
    expect(stream.closed).toBe(true);
  });

  it('leaves a stream it does not own open after the footer', async () => {
    const { stream, text } = slowStream();
    const sink = createRowSink({ stream, format: jsonFormat, endStream: false, name: 'stdout' });
    await sink.writeRows([row(1), row(2)]);
    await sink.finish();
    expect(JSON.parse(text())).toHaveLength(2);
    expect(stream.writableEnded).toBe(false);
  });

  it('writes a header and footer even without rows', async () => {
    const { stream, text } = slowStream();
    await createRowSink({ stream, format: jsonFormat, endStream: true, name: 'x' }).finish();
    expect(text()).toBe('[]\n');
  });

  it('fails with the output named when the stream fails', async () => {
    const stream = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    const sink = createRowSink({ stream, format: csvFormat, endStream: true, name: 'out.csv' });
    await expect(sink.writeRows([row(1)])).rejects.toThrow('write out.csv: ENOSPC: no space left on device, write');
    await expect(sink.writeRows([row(2)])).rejects.toThrow('write out.csv: ENOSPC');
  });
});
