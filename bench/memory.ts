/**
 * Section 6, memory: resident memory of pulse-exporter at each scrape size (read in the scrape
 * section, from /proc/<pid>/status), beside pushgateway holding the same series.
 */
import type { MemoryFacts } from './proc-stats';
import { markdownTable, type Row, type SectionResult } from './report';
import { sizeText, storeName, type ScrapeMeasurement } from './scrape-measurement';
import { mebibytes } from './section';

const GOAL_BYTES = 200 * 1024 * 1024;
const GOAL_SIZE = 200_000;

const memoryText = (memory: MemoryFacts): string => `${mebibytes(memory.peakRssBytes)} (now ${mebibytes(memory.rssBytes)})`;

export function memoryResult(measurements: readonly ScrapeMeasurement[]): SectionResult {
  const rows: Row[] = measurements.map((m) => ({
    figure: `resident memory, ${sizeText(m.size)}, ${storeName(m.store)}: peak (after the scrapes)`,
    pulse: memoryText(m.pulse.memory),
    peerName: 'pushgateway',
    peer: memoryText(m.pushgateway.memory),
    ratio: m.pulse.memory.peakRssBytes / m.pushgateway.memory.peakRssBytes,
    ...(m.size === GOAL_SIZE && { goal: '< 200 MiB', met: m.pulse.memory.peakRssBytes < GOAL_BYTES }),
  }));
  const detail = markdownTable(
    ['store', 'usage series', 'pulse-exporter peak RSS', 'pulse-exporter RSS after scrapes', 'pushgateway peak RSS', 'pushgateway RSS after scrapes'],
    measurements.map((m) => [storeName(m.store), m.size.toLocaleString('en-US'), mebibytes(m.pulse.memory.peakRssBytes), mebibytes(m.pulse.memory.rssBytes), mebibytes(m.pushgateway.memory.peakRssBytes), mebibytes(m.pushgateway.memory.rssBytes)]),
  );
  return {
    title: 'Memory',
    rows,
    details: [detail],
    notes: [
      'Peak = VmHWM (the highest resident set the process reached since it started: seeding and every scrape so far); now = VmRSS after the last scrape of that size; both from /proc/<pid>/status. Sizes grow in one process, so each peak covers the smaller sizes before it.',
      'Small-footprint mode: the exporter started with PULSE_NODE_FLAGS=--optimize-for-size (V8 favours memory over speed: a smaller nursery, a tighter heap), on a fresh Redis; the ingestion section shows what it costs in events per second and latency.',
      'The goal (under 200 MiB, as issue 19 states it) is read on the peak at 200k series. With the in-memory store Pulse also keeps every event id seen within the idempotency window (here 1 h: one per series, 200k at the largest size) in that memory; with the Redis store they live in Redis.',
    ],
  };
}
