/**
 * Probe history for the local stack's backfill: days of healthy probes of the simulator's regions,
 * as the exporter would have published them (`pulse_region_probe_duration_seconds`,
 * `pulse_region_probes_total`). The SLO rules divide over windows of up to three days; on a
 * Prometheus minutes old every window holds only those minutes, so a handful of slow probes on a
 * busy machine read as a burnt budget and paged (issue 15, item 16). With the history, the long
 * windows weigh the live minutes as an established stack would.
 */
import { PROBE_DURATION_BUCKETS, regionMetrics } from '../../common/metrics/catalogue';
import { hashUnit } from '../../demo/usage-model';

export interface ProbedRegion {
  readonly code: string;
  readonly latencyMs: number;
  readonly jitterMs?: number;
}

export interface ProbeHistoryOptions {
  readonly regions: readonly ProbedRegion[];
  /** The probe interval the history assumes (the shipped 15 s). */
  readonly intervalMs: number;
  readonly fromMs: number;
  readonly toMs: number;
  /** Labels of the live series: vantage, and those Prometheus adds when scraping. */
  readonly labels: Readonly<Record<string, string>>;
  /** The next sample time after `t` (the backfill's spacing). */
  readonly nextTime: (t: number) => number;
}

/** Time a probe takes on loopback beyond the injected delay. */
const OVERHEAD_MS = 1;

/** A probe's duration in seconds: the injected delay, spread about as the simulator spreads it. */
function probeSeconds(region: ProbedRegion, at: number): number {
  // The sum of three uniforms, rescaled: close enough to the simulator's normal spread, and bounded.
  const spread = (hashUnit(region.code, at) + hashUnit(region.code, at + 1) + hashUnit(region.code, at + 2) - 1.5) * 2;
  return Math.max(0, region.latencyMs + spread * (region.jitterMs ?? 0) + OVERHEAD_MS) / 1000;
}

const labelText = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

/** The OpenMetrics text of both families: every series whole, in time order, as promtool wants it. */
export function* probeHistoryText(options: ProbeHistoryOptions): Generator<string> {
  const duration = regionMetrics.probeDuration.name;
  const probes = regionMetrics.probes.name;
  const bounds = [...PROBE_DURATION_BUCKETS.map(String), '+Inf'];
  yield `# TYPE ${duration} histogram\n# HELP ${duration} ${regionMetrics.probeDuration.help}\n`;
  const successes: string[] = [];
  for (const region of options.regions) {
    const labels = { region: region.code, ...options.labels };
    const lines = {
      buckets: bounds.map(() => ''),
      count: '',
      sum: '',
    };
    const counts = bounds.map(() => 0);
    let total = 0;
    let sum = 0;
    let success = '';
    for (let t = options.fromMs, probeAt = options.fromMs; t <= options.toMs; t = options.nextTime(t)) {
      for (; probeAt < t; probeAt += options.intervalMs) {
        const seconds = probeSeconds(region, probeAt);
        for (let i = 0; i < bounds.length; i++) if (i === bounds.length - 1 || seconds <= PROBE_DURATION_BUCKETS[i]) counts[i]++;
        total++;
        sum += seconds;
      }
      const at = t / 1000;
      for (let i = 0; i < bounds.length; i++) lines.buckets[i] += `${duration}_bucket${labelText({ ...labels, le: bounds[i] })} ${counts[i]} ${at}\n`;
      lines.count += `${duration}_count${labelText(labels)} ${total} ${at}\n`;
      lines.sum += `${duration}_sum${labelText(labels)} ${Math.round(sum * 1e6) / 1e6} ${at}\n`;
      success += `${probes}${labelText({ ...labels, result: 'success' })} ${total} ${at}\n`;
    }
    yield* lines.buckets;
    yield lines.count;
    yield lines.sum;
    successes.push(success);
  }
  const family = probes.replace(/_total$/, '');
  yield `# TYPE ${family} counter\n# HELP ${family} ${regionMetrics.probes.help}\n`;
  yield* successes;
}
