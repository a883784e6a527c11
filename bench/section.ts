/** What every benchmark section is handed, and the names `--only` accepts. */
import type { Scope } from './scope';

export const SECTION_NAMES = ['probing', 'scrape', 'memory', 'ingestion', 'recorded', 'forecaster', 'selection', 'notify', 'alerts', 'analytics', 'idempotency', 'cluster', 'live'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface SectionContext {
  /** Closed when the section ends; everything the section starts goes here. */
  readonly scope: Scope;
  /** Smoke-run sizes: fewer and shorter runs, same code paths. */
  readonly quick: boolean;
  /** A temporary folder of the section's own. */
  readonly dir: string;
  /** Clock ticks per second of /proc CPU times. */
  readonly ticks: number;
  /** When set, every pulse-exporter writes a V8 CPU profile here as it exits. */
  readonly cpuProfDir?: string;
  log(message: string): void;
}

/** Parses the one number a metric line carries, summed over every series of the family. */
export function sumSamples(exposition: string, name: string, filter: (line: string) => boolean = () => true): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!(line.startsWith(`${name}{`) || line.startsWith(`${name} `)) || !filter(line)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export const ms = (value: number, digits = 1): string => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');
export const perSecond = (value: number): string => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')}/s` : 'n/a');
export const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
