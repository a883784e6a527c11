/**
 * The local stack (scripts/stack/run-stack.ts) as configured, with Redis, Prometheus, Alertmanager
 * and pulse-exporter, whose regions' probes point at the bench's own simulator on free ports: what
 * the sections that time alerts end to end (Time to notify, Alerts at run time) run on.
 */
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DEFAULT_REGIONS } from '../demo/simulator/default-regions';
import { freePort } from '../exporter/src/testing/exporter-process';
import { startStack, type ConfigName, type RunningStack } from '../scripts/stack/run-stack';
import type { SectionContext } from './section';
import { startSimulator, type SimulatorProcess } from './simulator';

export interface StackOnSimulator {
  readonly simulator: SimulatorProcess;
  readonly stack: RunningStack;
}

/** Only the regions' probes pointed at the bench's simulator; intervals and routing as configured. */
function tweakFor(simulator: SimulatorProcess) {
  return (file: ConfigName, text: string): string => {
    if (file !== 'pulse.yml') return text;
    const config = parse(text);
    for (const region of config.regions as Array<{ code: string; url: string; probe: { target: string } }>) {
      const simulated = simulator.region(region.code);
      region.url = simulated.mediaUrl;
      region.probe.target = simulated.healthUrl;
    }
    return stringify(config);
  };
}

/** `label` prefixes the progress lines (the section's `--only` name). */
export async function startStackOnSimulator(ctx: SectionContext, label: string): Promise<StackOnSimulator> {
  const { scope } = ctx;
  ctx.log(`${label}: starting the simulator and the local stack (Redis, Prometheus, Alertmanager, pulse-exporter)`);
  const simulator = await startSimulator(scope, DEFAULT_REGIONS.map((region) => ({ ...region, httpPort: 0, tlsPort: 0, loadWalk: false })));
  const ports = { prometheus: await freePort(), alertmanager: await freePort(), redis: await freePort(), exporter: await freePort(), forecaster: await freePort(), notifications: await freePort() };
  const stack = await startStack({
    dir: join(ctx.dir, 'stack'),
    ports,
    backfillDays: 0,
    tweak: tweakFor(simulator),
    services: new Set(['redis', 'prometheus', 'alertmanager', 'exporter'] as const),
    progress: (message) => ctx.log(`${label}: ${message}`),
  });
  scope.defer('stop the local stack', () => stack.stop());
  return { simulator, stack };
}
