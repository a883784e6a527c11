/** `npm run bench -- [--quick] [--only probing,scrape] [--out FILE]`, parsed once; errors name the flag. */
import { parseArgs } from 'node:util';
import { SECTION_NAMES, type SectionName } from './section';

export interface BenchFlags {
  readonly quick: boolean;
  readonly only: ReadonlySet<SectionName>;
  /** Where the markdown goes; undefined: results/latest.md for a full run, results/partial.md otherwise. */
  readonly out?: string;
  /** Write a V8 CPU profile of every pulse-exporter the run starts into this folder. */
  readonly cpuProfDir?: string;
  readonly help: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--only ${SECTION_NAMES.join(',')}] [--out FILE]

Measures Pulse against blackbox_exporter, pushgateway and raw Redis on loopback and writes a
markdown table. A full run writes bench/results/latest.md; --quick or --only write
bench/results/partial.md, so the committed full results are never replaced by a partial run.

  --quick        smoke-run sizes: shorter runs, fewer sizes and trials (about 3 minutes)
  --only LIST    run only these sections (comma-separated): ${SECTION_NAMES.join(', ')}
  --out FILE     write the markdown here instead
  --cpu-prof DIR write a CPU profile of every pulse-exporter started into DIR
                 (summarise one with: node --import tsx bench/profile-summary.ts FILE)
  --help         print this help`;

export function parseBenchFlags(argv: readonly string[]): BenchFlags {
  const { values } = parseArgs({
    args: [...argv],
    options: { quick: { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' }, 'cpu-prof': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  const names = values.only === undefined ? [...SECTION_NAMES] : values.only.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(SECTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown section ${unknown.map((n) => JSON.stringify(n)).join(', ')} (sections: ${SECTION_NAMES.join(', ')})`);
  if (names.length === 0) throw new Error('--only: name at least one section');
  return { quick: values.quick ?? false, only: new Set(names as SectionName[]), out: values.out, cpuProfDir: values['cpu-prof'], help: values.help ?? false };
}
