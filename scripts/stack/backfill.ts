/**
 * History for the local stack: 90 days of demo usage (daily and weekly cycles, from the same
 * model the traffic generator uses) written as OpenMetrics and turned into TSDB blocks with
 * `promtool tsdb create-blocks-from openmetrics`, so forecasts and dashboards have data at once.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { usageMetrics, USAGE_TYPES, type UsageType } from '../../common/metrics/catalogue';
import { DEMO_PROJECTS, storageBytes, usageBetween } from '../../demo/usage-model';
import { probeHistoryText, type ProbedRegion } from './backfill-probes';

export interface BackfillOptions {
  readonly dataDir: string;
  readonly workDir: string;
  readonly regions: readonly string[];
  readonly days: number;
  /** Sample spacing of the older history… */
  readonly stepMs: number;
  /**
   * …of the last weeks, fine enough that an hour's increase is that hour's usage, as it is on live
   * scrapes: the forecaster's anomaly flag reads hourly values and compares live hours with these
   * (at 30 minutes, an hour's increase was the last half hour's, doubled: up to ±10 % off on the
   * daily ramp, the same at the same hour every day, so live hours looked unusual)…
   */
  readonly hourlyStepMs: number;
  readonly hourlyMs: number;
  /** …and of the last hours, dense like real scrapes so short windows (the 15-minute trend) have data. */
  readonly recentStepMs: number;
  readonly recentMs: number;
  /** Labels Prometheus would have added when scraping the exporter. */
  readonly targetLabels: Readonly<Record<string, string>>;
  readonly endMs: number;
  /** Healthy probes of these regions over the last days too (the SLO windows' history). */
  readonly probes?: {
    readonly regions: readonly ProbedRegion[];
    readonly vantage: string;
    readonly intervalMs: number;
    readonly days: number;
  };
  readonly progress: (message: string) => void;
}

const labelText = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

/** The next sample time after `t`: the spacing of `t`'s stretch, never stepping over the start of a denser one. */
function sampleClock(options: BackfillOptions, end: number): (t: number) => number {
  const stretches = [
    { from: end - options.recentMs, stepMs: options.recentStepMs },
    { from: end - options.hourlyMs, stepMs: options.hourlyStepMs },
    { from: -Infinity, stepMs: options.stepMs },
  ];
  return (t) => {
    const stretch = stretches.find((s) => t >= s.from) ?? stretches[stretches.length - 1];
    const denserFrom = stretches.filter((s) => s.from > t).map((s) => s.from);
    return Math.min(t + stretch.stepMs, ...denserFrom);
  };
}

/** Writes the OpenMetrics file, family by family, series by series, in time order. */
async function writeOpenMetrics(file: string, options: BackfillOptions): Promise<number> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const end = Math.floor(options.endMs / options.recentStepMs) * options.recentStepMs;
  const start = Math.floor((end - options.days * 86_400_000) / options.stepMs) * options.stepMs;
  const nextTime = sampleClock(options, end);
  let samples = 0;
  for (const [index, type] of USAGE_TYPES.entries()) {
    const def = usageMetrics[type as UsageType];
    const family = def.type === 'counter' ? def.name.replace(/_total$/, '') : def.name;
    await write(`# TYPE ${family} ${def.type}\n# HELP ${family} ${def.help}\n`);
    for (const project of DEMO_PROJECTS) {
      for (const region of options.regions) {
        const series = `${def.name}${labelText({ project, region, ...options.targetLabels })}`;
        let total = 0;
        let chunk = '';
        let previous = start;
        for (let t = start; t <= end; previous = t, t = nextTime(t)) {
          if (type === 'storage_bytes') chunk += `${series} ${storageBytes(project, region, t)} ${t / 1000}\n`;
          else {
            if (t > start) total += usageBetween(project, region, type as Exclude<UsageType, 'storage_bytes'>, previous, t, Math.min(300_000, t - previous));
            chunk += `${series} ${Math.round(total * 1000) / 1000} ${t / 1000}\n`;
          }
          samples++;
          if (chunk.length > 1 << 16) {
            await write(chunk);
            chunk = '';
          }
        }
        await write(chunk);
      }
    }
    options.progress(`backfill: generated ${index + 1}/${USAGE_TYPES.length} usage types (${samples.toLocaleString('en')} samples)`);
  }
  if (options.probes) {
    const { regions, vantage, intervalMs, days } = options.probes;
    const from = Math.floor((end - days * 86_400_000) / options.stepMs) * options.stepMs;
    for (const text of probeHistoryText({ regions, intervalMs, fromMs: from, toMs: end, labels: { vantage, ...options.targetLabels }, nextTime })) await write(text);
    options.progress(`backfill: ${days} days of probes of ${regions.length} regions`);
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'finish');
  return samples;
}

function promtool(args: string[], progress: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('promtool not found: install the Debian package prometheus') : error),
    );
    child.on('exit', (code) => {
      if (code === 0) {
        progress(`backfill: ${output.split('\n').filter((l) => l.startsWith('BLOCK ULID')).length || 'new'} TSDB block(s) written`);
        resolve();
      } else reject(new Error(`promtool tsdb create-blocks-from openmetrics failed (${code}): ${output.slice(-500)}`));
    });
  });
}

export async function backfillUsageHistory(options: BackfillOptions): Promise<{ samples: number }> {
  const file = join(options.workDir, 'usage-history.om.txt');
  options.progress(`backfill: ${options.days} days of demo usage for ${DEMO_PROJECTS.length} projects × ${options.regions.length} regions`);
  const samples = await writeOpenMetrics(file, options);
  options.progress('backfill: promtool is writing TSDB blocks…');
  // Ten-day blocks: the default two-hour ones would make about a thousand blocks and take minutes.
  await promtool(['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=240h', file, options.dataDir], options.progress);
  return { samples };
}
