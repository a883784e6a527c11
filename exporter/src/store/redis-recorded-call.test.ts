import { fieldStem, primaryPart, fieldOf, type RecordedMetric } from '../recorded/model';
import { applyMetric } from './memory-recorded';
import { redisKeys } from './redis-keys';
import { recordedCall } from './redis-recorded-call';

const keys = redisKeys('test:');
const options = { limits: { maxNames: 50, maxSeries: 1000 }, idempotencyWindowMs: 60_000 };

interface CallBatch {
  readonly fields: string[];
  readonly amounts: (number | string)[];
  readonly seriesTypes: string[];
  readonly metricSeries: number[];
  readonly metricValues: string[];
}

/** The batch's two JSON arguments of the call, parsed into one object. */
function batchOf(project: string, metrics: readonly RecordedMetric[]): CallBatch {
  const { args } = recordedCall(keys, project, metrics, options);
  return { ...JSON.parse(String(args[1])), ...JSON.parse(String(args[3])) } as CallBatch;
}

/** Each value's series primary field, as the script would read it: what the call's cache must never get wrong. */
function stemsOf(project: string, metrics: readonly RecordedMetric[]): string[] {
  const batch = batchOf(project, metrics);
  return batch.metricSeries.map((number) => batch.fields[number - 1]);
}

const primaryOf = (project: string, m: RecordedMetric): string => fieldOf(fieldStem(project, m), primaryPart(m.type));

const metric = (over: Partial<RecordedMetric> = {}): RecordedMetric => ({ name: 'orders', type: 'counter', category: 'business', value: 1, labels: [['shop', 'a']], ...over });

describe('a batch of recorded values as a RECORD_METRICS call', () => {
  it('sends each series once and points every value at its own stem', () => {
    const metrics = [metric(), metric({ labels: [['shop', 'b']] }), metric({ value: 2 }), metric({ name: 'wait', type: 'histogram', labels: [] })];
    const batch = batchOf('acme', metrics);
    expect(batch.seriesTypes).toHaveLength(3);
    expect(batch.metricSeries).toEqual([1, 2, 1, 3]);
    expect(batch.seriesTypes).toEqual(['counter', 'counter', 'histogram']);
    expect(stemsOf('acme', metrics)).toEqual(metrics.map((m) => primaryOf('acme', m)));
  });

  it("sums each field's change as the memory store's writes would, primary fields first, a gauge's last value as its text", () => {
    const latency = (value: number) => metric({ name: 'wait', type: 'histogram', labels: [], value });
    const metrics = [metric({ value: 0.1 }), latency(0.3), metric({ name: 'depth', type: 'gauge', value: 4 }), metric({ value: 0.2 }), latency(20_000), latency(0.31), metric({ name: 'depth', type: 'gauge', value: 2.5 }), metric({ labels: [['shop', 'b']], value: 7 })];
    const expected = new Map<string, number | string>();
    for (const m of metrics) applyMetric('acme', m, (field, value, op) => expected.set(field, op === 'set' ? String(value) : ((expected.get(field) as number | undefined) ?? 0) + value));
    const batch = batchOf('acme', metrics);
    expect(new Map(batch.fields.map((field, at) => [field, batch.amounts[at]]))).toEqual(expected);
    expect(batch.fields).toHaveLength(expected.size);
    const primaries = [metrics[0], metrics[1], metrics[2], metrics[7]].map((m) => primaryOf('acme', m));
    expect(batch.fields.slice(0, batch.seriesTypes.length)).toEqual(primaries);
  });

  it('keeps a series per project, definition and label values across batches, never another one\u2019s stem', () => {
    const batches: RecordedMetric[][] = [
      [metric(), metric({ labels: [['shop', 'b']] })],
      [metric({ category: 'user' }), metric()],
      [metric({ type: 'gauge' }), metric({ labels: [['region', 'a']] })],
      [metric({ labels: [['region', 'a'], ['shop', 'b']] }), metric({ labels: [['region', 'b'], ['shop', 'a']] }), metric({ labels: [['region', 'a'], ['shop', 'b']] })],
      [metric(), metric({ labels: [] })],
    ];
    for (const project of ['acme', 'other']) {
      for (const metrics of batches) expect(stemsOf(project, metrics)).toEqual(metrics.map((m) => primaryOf(project, m)));
    }
  });

  it('writes every value as the text JavaScript gives it, and an empty batch as empty columns', () => {
    const values = [0, -0, 1e15, -1e15, 0.1 + 0.2, 5e-324, 123.456];
    expect(batchOf('acme', values.map((value) => metric({ type: 'gauge', value }))).metricValues).toEqual(values.map(String));
    expect(batchOf('acme', [])).toMatchObject({ fields: [], amounts: [], metricSeries: [], metricValues: [] });
  });

  it('still names the right series past its bound of 10,000 series kept per project', () => {
    const metrics = Array.from({ length: 10_050 }, (_, index) => metric({ labels: [['shop', `s${index}`]] }));
    for (let from = 0; from < metrics.length; from += 1000) {
      const part = metrics.slice(from, from + 1000);
      expect(stemsOf('bounded', part)).toEqual(part.map((m) => primaryOf('bounded', m)));
    }
    const again = [metrics[0], metrics[10_049], metrics[5000]];
    expect(stemsOf('bounded', again)).toEqual(again.map((m) => primaryOf('bounded', m)));
  });
});
