/**
 * Probes driven one request each, the way Prometheus drives blackbox_exporter:
 *   blackbox_exporter: GET /probe?module=http_2xx&target=…  (probe_duration_seconds in the answer)
 *   pulse-exporter:    GET /api/v1/regions/:code/health     (probes now; result.duration_ms)
 * A Pulse request joins a probe already running for its region, so each request slot has its own
 * region, all pointing at the same target; it carries the admin key, without which a check
 * answers the region's last result for 5 s instead of probing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sample } from '../exporter/src/testing/exporter-process';
import type { BenchExporter } from './exporter-setup';
import type { HttpClient } from './http-client';
import { closedLoop, pacedLoop, type LoadOutcome, type LoadTask } from './load';
import { BLACKBOX_MODULE } from './peers';
import { measureCpu } from './proc-stats';
import { backgroundIngestion, CONCURRENCY, PACED_PER_SECOND, type Condition, type Mode, type ProbeRun } from './probing-run';
import type { SectionContext } from './section';
import { summarize } from './stats';

export interface OnRequestRig {
  readonly client: HttpClient;
  /** Pulse with CONCURRENCY regions per target, its scheduler idle (hourly). */
  readonly pulse: BenchExporter;
  readonly blackbox: { readonly url: string; readonly pid: number };
  readonly targetOf: (delayMs: number) => string;
  /** Region codes of `pulse` usage events may name. */
  readonly usageRegions: readonly string[];
}

export const onRequestRegion = (delayMs: number, slot: number): string => `d${delayMs}-${slot}`;

export function probeOnRequest(rig: OnRequestRig, driver: 'pulse-api' | 'blackbox', delayMs: number, errors: number[]): LoadTask {
  if (driver === 'pulse-api') {
    return async (slot) => {
      const answer = await rig.client.request(`${rig.pulse.url}/api/v1/regions/${onRequestRegion(delayMs, slot)}/health`, { headers: { authorization: `Bearer ${rig.pulse.adminKey}` } });
      if (answer.status !== 200) throw new Error(`pulse: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
      const { result } = JSON.parse(answer.body.toString('utf8')) as { result: { success: boolean; duration_ms: number; reason: string | null } };
      if (!result.success) throw new Error(`pulse probe failed: ${result.reason}`);
      errors.push(result.duration_ms - delayMs);
      return true;
    };
  }
  const url = `${rig.blackbox.url}/probe?module=${BLACKBOX_MODULE}&target=${encodeURIComponent(rig.targetOf(delayMs))}`;
  return async () => {
    const answer = await rig.client.request(url);
    const text = answer.body.toString('utf8');
    if (answer.status !== 200) throw new Error(`blackbox: HTTP ${answer.status} ${text.slice(0, 200)}`);
    if (sample(text, 'probe_success') !== 1) throw new Error(`blackbox probe failed:\n${text.slice(0, 400)}`);
    errors.push((sample(text, 'probe_duration_seconds') ?? Number.NaN) * 1000 - delayMs);
    return true;
  };
}

/**
 * Probes sent before each on-request run, not measured, at its target: a tool sits idle through
 * the other drivers' runs (over 30 s while a scheduler's exporter warms up and measures), and the
 * first seconds after an idle spell cost more a probe — in three 6-s rounds right after an idle
 * spell Pulse cost 1.28, 0.83, 0.78 ms a probe, blackbox_exporter 1.39, 1.28, 1.32 ms.
 */
export const RESETTLE_MS = { full: 3000, quick: 0 } as const;

export function loadFor(mode: Mode, durationMs: number, task: LoadTask): Promise<LoadOutcome> {
  return mode === 'saturated'
    ? closedLoop({ concurrency: CONCURRENCY, durationMs }, task)
    : pacedLoop({ ratePerSecond: PACED_PER_SECOND, durationMs, maxInFlight: CONCURRENCY }, task);
}

/**
 * One run. While ingesting, the background usage goes to the on-request Pulse: for Pulse's own
 * run that is the process probing; for blackbox_exporter's it is an idle-of-probes Pulse, so the
 * machine carries the same load and that process's CPU shows what the ingestion alone costs.
 */
export async function measureOnRequest(
  ctx: SectionContext,
  rig: OnRequestRig,
  run: { driver: 'pulse-api' | 'blackbox'; delayMs: number; mode: Mode; condition: Condition; durationMs: number },
): Promise<ProbeRun> {
  const errors: number[] = [];
  const task = probeOnRequest(rig, run.driver, run.delayMs, errors);
  const resettleMs = ctx.quick ? RESETTLE_MS.quick : RESETTLE_MS.full;
  if (resettleMs > 0) await closedLoop({ concurrency: CONCURRENCY, durationMs: resettleMs }, probeOnRequest(rig, run.driver, run.delayMs, []));
  let background: Promise<LoadOutcome> | undefined;
  if (run.condition === 'ingesting') {
    background = backgroundIngestion(rig.client, rig.pulse, rig.usageRegions, run.durationMs + 1000);
    await sleep(500);
  }
  const probing = run.driver === 'pulse-api' ? rig.pulse.pid : rig.blackbox.pid;
  const measured = await measureCpu({ probing, pulse: rig.pulse.pid }, ctx.ticks, () => loadFor(run.mode, run.durationMs, task));
  const backgroundOutcome = await background;
  if (backgroundOutcome && backgroundOutcome.failed > 0) ctx.log(`  background ingestion: ${backgroundOutcome.failed} failed, e.g. ${backgroundOutcome.errors[0]}`);
  const load = measured.result;
  if (load.failed > 0) ctx.log(`  ${run.driver} ${run.delayMs} ms ${run.mode}: ${load.failed} failed, e.g. ${load.errors[0]}`);
  return {
    driver: run.driver,
    delayMs: run.delayMs,
    mode: run.mode,
    condition: run.condition,
    probes: load.ok,
    failed: load.failed + load.skipped,
    wallSeconds: load.elapsedSeconds,
    cpuSeconds: measured.cpuSeconds.probing,
    ...(run.driver === 'blackbox' && run.condition === 'ingesting' && { ingestionCpuSeconds: measured.cpuSeconds.pulse }),
    error: summarize(errors),
  };
}
