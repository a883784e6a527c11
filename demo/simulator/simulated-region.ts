import type { TestCertificate } from '../tls';
import { activateFault, type ActiveFault, type SimFault, type SimFaultMode } from './fault';
import { nextLoad } from './load-walk';
import { releaseHeldConnections, type RegionContext } from './region-context';
import { createRegionServers } from './region-servers';
import { createRegionState } from './region-state';
import type { TimerSet } from './timer-set';
import type { SimulatedRegionInfo, SimulatedRegionSpec } from './types';

/** One fake region: its settings, its servers, and the transitions between faults. */
export interface SimulatedRegion {
  readonly code: string;
  info(): SimulatedRegionInfo;
  start(): Promise<void>;
  setFault(fault: SimFault | SimFaultMode): Promise<void>;
  setLatency(ms: number, jitterMs: number): void;
  setLoad(participants: number): void;
  /** One step of the load walk, when the region has one. */
  walkLoad(): void;
  close(): Promise<void>;
}

export interface SimulatedRegionOptions {
  readonly spec: SimulatedRegionSpec;
  readonly host: string;
  readonly seed: number;
  readonly timers: TimerSet;
  readonly certificates: { readonly valid: TestCertificate; readonly expired: TestCertificate };
}

export function createSimulatedRegion(options: SimulatedRegionOptions): SimulatedRegion {
  const { spec, host, certificates } = options;
  const state = createRegionState({ spec, seed: options.seed });
  const context: RegionContext = { state, timers: options.timers, held: new Set(), now: () => new Date() };
  const servers = createRegionServers({
    host,
    httpPort: spec.httpPort ?? 0,
    tlsPort: spec.tlsPort ?? 0,
    context,
    certificate: certificates.valid,
  });
  // Fault changes run one after another, so a quick down → none cannot re-listen before the close finished.
  let transitions: Promise<void> = Promise.resolve();

  const applyFault = async (next: ActiveFault): Promise<void> => {
    const previous = state.fault;
    state.fault = next;
    state.requestsSinceFault = 0;
    releaseHeldConnections(context);
    if ((previous.mode === 'tls') !== (next.mode === 'tls')) {
      servers.presentCertificate(next.mode === 'tls' ? certificates.expired : certificates.valid);
    }
    if (next.mode === 'down') await servers.stop();
    else if (previous.mode === 'down') await servers.start();
  };

  return {
    code: spec.code,
    info() {
      const urlHost = hostForUrls(host);
      return {
        code: state.code,
        healthUrl: `http://${urlHost}:${servers.httpPort}/health`,
        tlsHealthUrl: `https://${urlHost}:${servers.tlsPort}/health`,
        mediaUrl: `wss://${urlHost}:${servers.tlsPort}/rtc`,
        httpPort: servers.httpPort,
        tlsPort: servers.tlsPort,
        latencyMs: state.latencyMs,
        jitterMs: state.jitterMs,
        fault: state.fault,
        load: state.load,
        capacity: state.capacity,
        requests: state.requests,
        inFlight: state.inFlight,
      };
    },
    start: () => servers.start(),
    setFault(fault) {
      const next = activateFault(fault);
      const run = transitions.then(() => applyFault(next));
      transitions = run.catch(() => undefined);
      return run;
    },
    setLatency(ms, jitterMs) {
      state.latencyMs = ms;
      state.jitterMs = jitterMs;
    },
    setLoad(participants) {
      state.load = participants;
      state.baseLoad = participants;
    },
    walkLoad() {
      if (!state.loadWalk) return;
      state.load = nextLoad({ current: state.load, base: state.baseLoad, capacity: state.capacity, random: state.loadRandom });
    },
    async close() {
      await transitions;
      await servers.close();
    },
  };
}

/** Clients cannot connect to a wildcard address, and IPv6 literals need brackets in a URL. */
export function hostForUrls(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
