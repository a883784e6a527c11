/** What the scrape section measured at one size, read by the scrape and memory reports. */
import type { MemoryFacts } from './proc-stats';
import type { Summary } from './stats';

/** The store, and for the Redis store also the exporter in its small-footprint mode. */
export type StoreKind = 'memory' | 'redis' | 'redis-small';

export interface ScrapeFigures {
  readonly time: Summary;
  readonly bytes: number;
  /** Samples in the whole exposition. */
  readonly series: number;
  readonly memory: MemoryFacts;
}

export interface ScrapeMeasurement {
  readonly store: StoreKind;
  /** Usage series both tools hold. */
  readonly size: number;
  readonly pulse: ScrapeFigures;
  readonly pushgateway: ScrapeFigures;
}

const STORE_NAMES: Readonly<Record<StoreKind, string>> = { redis: 'Redis store', memory: 'in-memory store', 'redis-small': 'Redis store, small-footprint mode' };
export const storeName = (store: StoreKind): string => STORE_NAMES[store];
export const sizeText = (size: number): string => `${size / 1000}k series`;
