/**
 * `npm run bench`: runs the sections in turn on loopback, each in its own scope (everything it
 * starts is stopped when it ends, fails or the run is interrupted), then writes and prints the
 * report. A failing section is reported as failed and the others still run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseBenchFlags, USAGE, type BenchFlags } from './flags';
import { runAlertsRuntime } from './alerts-runtime';
import { runAnalytics } from './analytics';
import { runCluster } from './cluster';
import { runForecaster } from './forecaster';
import { runIdempotency } from './idempotency';
import { runIngestion } from './ingestion';
import { runLive } from './live';
import { machineFacts } from './machine';
import { runNotify } from './notify';
import { runProbing } from './probing';
import { runRecorded } from './recorded';
import { clockTicksPerSecond } from './proc-stats';
import { renderReport, type SectionResult } from './report';
import { runScrapeAndMemory } from './scrape';
import { runSelection } from './selection';
import { createScope, type Scope } from './scope';
import type { SectionContext, SectionName } from './section';

type Runner = (ctx: SectionContext) => Promise<SectionResult[]>;

/** In run order; scrape and memory come from one run (memory is read at each scrape size). */
const RUNNERS: ReadonlyArray<{ readonly names: readonly SectionName[]; readonly titles: readonly string[]; readonly run: Runner }> = [
  { names: ['probing'], titles: ['Probing'], run: async (ctx) => [await runProbing(ctx)] },
  { names: ['scrape', 'memory'], titles: ['Scrape', 'Memory'], run: runScrapeAndMemory },
  { names: ['ingestion'], titles: ['Ingestion'], run: async (ctx) => [await runIngestion(ctx)] },
  { names: ['forecaster'], titles: ['Forecaster'], run: async (ctx) => [await runForecaster(ctx)] },
  { names: ['selection'], titles: ['Selection'], run: async (ctx) => [await runSelection(ctx)] },
  { names: ['notify'], titles: ['Time to notify'], run: async (ctx) => [await runNotify(ctx)] },
  { names: ['alerts'], titles: ['Alerts at run time'], run: async (ctx) => [await runAlertsRuntime(ctx)] },
  { names: ['analytics'], titles: ['Analytics API'], run: async (ctx) => [await runAnalytics(ctx)] },
  { names: ['idempotency'], titles: ['Idempotency'], run: async (ctx) => [await runIdempotency(ctx)] },
  { names: ['cluster'], titles: ['Redis Cluster'], run: async (ctx) => [await runCluster(ctx)] },
  { names: ['live'], titles: ['Live'], run: async (ctx) => [await runLive(ctx)] },
  { names: ['recorded'], titles: ['Recorded metrics'], run: async (ctx) => [await runRecorded(ctx)] },
];

const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

async function runSections(flags: BenchFlags, root: Scope): Promise<{ sections: SectionResult[]; failed: number }> {
  const ticks = clockTicksPerSecond();
  const sections: SectionResult[] = [];
  let failed = 0;
  for (const runner of RUNNERS) {
    if (!runner.names.some((name) => flags.only.has(name))) continue;
    const scope = root.child();
    const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-'));
    scope.defer('remove the temporary folder', () => rmSync(dir, { recursive: true, force: true }));
    try {
      const results = await runner.run({ scope, quick: flags.quick, dir, ticks, cpuProfDir: flags.cpuProfDir, log });
      sections.push(...results.filter((_, index) => flags.only.has(runner.names[index] ?? runner.names[0])));
    } catch (error) {
      failed++;
      log(`${runner.names.join('+')} failed: ${(error as Error).stack ?? error}`);
      sections.push(...runner.titles.map((title) => ({ title, rows: [], details: [], notes: [`**This section failed:** ${(error as Error).message.split('\n')[0]}`] })));
    } finally {
      await scope.close();
    }
  }
  return { sections, failed };
}

async function main(argv: readonly string[]): Promise<number> {
  let flags: BenchFlags;
  try {
    flags = parseBenchFlags(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = createScope();
  const interrupt = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping everything the bench started`);
    void root.close().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const started = performance.now();
  const loadAtStart = loadavg()[0];
  const machine = machineFacts();
  const { sections, failed } = await runSections(flags, root).finally(() => root.close());
  const complete = !flags.quick && flags.only.size === RUNNERS.flatMap((r) => r.names).length;
  const mode = `${flags.quick ? 'quick' : 'full'}${complete ? '' : `, sections: ${[...flags.only].join(', ')}`}`;
  const report = renderReport({ machine, mode, elapsedSeconds: (performance.now() - started) / 1000, loadAverages: [loadAtStart, loadavg()[0]], sections });
  const out = flags.out ?? join(__dirname, 'results', complete ? 'latest.md' : 'partial.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report);
  process.stdout.write(`${report}\n`);
  log(`written to ${out}`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
