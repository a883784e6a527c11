import http from 'node:http';
import { silentLogger } from '../../common/log';
import { createLoopbackCertificate } from '../tls';
import { createControlApp } from './control-api';
import { checkNumber, MAX_DELAY_MS } from './control-commands';
import { listen, stopListening } from './listen';
import { createSimulatedRegion, hostForUrls, type SimulatedRegion } from './simulated-region';
import { trackSockets } from './socket-tracker';
import { createTimerSet } from './timer-set';
import type { Simulator, SimulatedRegionSpec, SimulatorOptions } from './types';

export type { Simulator, SimulatedRegionInfo, SimulatedRegionSpec, SimulatorOptions } from './types';
export type { ActiveFault, SimFault, SimFaultMode } from './fault';

const DEFAULT_SEED = 1;
const DEFAULT_LOAD_WALK_INTERVAL_MS = 1000;

/**
 * Starts fake media regions on loopback: per region a plain HTTP server and an HTTPS server (with
 * WebSocket on /rtc), each answering after an injected latency, with faults on command, plus a
 * control API. Resolves once everything listens; on failure nothing is left running.
 */
export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger();
  checkRegionSpecs(options.regions);
  const [valid, expired] = await Promise.all([createLoopbackCertificate(), createLoopbackCertificate({ expired: true })]);
  const timers = createTimerSet();
  const regions = new Map<string, SimulatedRegion>();
  for (const spec of options.regions) {
    const region = createSimulatedRegion({ spec, host, seed: options.seed ?? DEFAULT_SEED, timers, certificates: { valid, expired } });
    regions.set(spec.code, region);
  }
  const regionOf = (code: string): SimulatedRegion => {
    const region = regions.get(code);
    if (!region) throw new Error(`unknown region ${JSON.stringify(code)} (known: ${[...regions.keys()].join(', ')})`);
    return region;
  };

  let controlUrl = '';
  let closing: Promise<void> | undefined;

  const simulator: Simulator = {
    caCertificate: valid.cert,
    get controlUrl() {
      return controlUrl;
    },
    regions: () => [...regions.values()].map((region) => region.info()),
    region: (code) => regionOf(code).info(),
    async setFault(code, fault) {
      await regionOf(code).setFault(fault);
      logger.info({ region: code, fault: regionOf(code).info().fault }, 'fault set');
    },
    setLatency(code, ms, jitterMs = 0) {
      const region = regionOf(code);
      requireNumber(`setLatency(${code}): ms`, ms);
      requireNumber(`setLatency(${code}): jitterMs`, jitterMs);
      region.setLatency(ms, jitterMs);
      logger.info({ region: code, latencyMs: ms, jitterMs }, 'latency set');
    },
    setLoad(code, participants) {
      const region = regionOf(code);
      const problem = checkNumber(participants, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
      if (problem) throw new Error(`setLoad(${code}): participants: ${problem}`);
      region.setLoad(participants);
      logger.info({ region: code, participants }, 'load set');
    },
    requests: (code) => regionOf(code).info().requests,
    close() {
      closing ??= (async () => {
        clearInterval(walkTimer);
        timers.cancelAll();
        const controlClosed = stopListening(control);
        controlSockets.destroyAll();
        await Promise.all([controlClosed, ...[...regions.values()].map((region) => region.close())]);
        logger.info('simulator stopped');
      })();
      return closing;
    },
  };

  const walkTimer = setInterval(() => {
    for (const region of regions.values()) region.walkLoad();
  }, options.loadWalkIntervalMs ?? DEFAULT_LOAD_WALK_INTERVAL_MS);
  // The walk is decoration; it must never be what keeps a process alive.
  walkTimer.unref();
  const control = http.createServer(createControlApp({ simulator }));
  const controlSockets = trackSockets(control);
  try {
    const controlPort = await listen(control, { host, port: options.controlPort ?? 0, label: 'control API' });
    controlUrl = `http://${hostForUrls(host)}:${controlPort}`;
    for (const region of regions.values()) await region.start();
  } catch (error) {
    await simulator.close();
    throw new Error(`start simulator: ${(error as Error).message}`, { cause: error });
  }
  logger.info({ regions: regions.size, controlUrl }, 'simulator started');
  return simulator;
}

function checkRegionSpecs(specs: readonly SimulatedRegionSpec[]): void {
  const seen = new Set<string>();
  specs.forEach((spec, index) => {
    const where = `regions[${index}]`;
    if (typeof spec.code !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(spec.code)) {
      throw new Error(`${where}.code: must be lower-case letters, digits and dashes (got ${JSON.stringify(spec.code)})`);
    }
    if (seen.has(spec.code)) throw new Error(`${where}.code: duplicate region ${JSON.stringify(spec.code)}`);
    seen.add(spec.code);
    requireNumber(`${where}.latencyMs`, spec.latencyMs);
    if (spec.jitterMs !== undefined) requireNumber(`${where}.jitterMs`, spec.jitterMs);
  });
}

function requireNumber(what: string, value: number): void {
  const problem = checkNumber(value, { min: 0, max: MAX_DELAY_MS, integer: false });
  if (problem) throw new Error(`${what}: ${problem}`);
}
