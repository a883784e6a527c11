import type { Duplex } from 'node:stream';
import type { RegionState } from './region-state';
import type { TimerSet } from './timer-set';

/** What a region's request handlers share. */
export interface RegionContext {
  readonly state: RegionState;
  readonly timers: TimerSet;
  /** Connections `hanging` holds open; cut when the fault changes or the simulator closes. */
  readonly held: Set<Duplex>;
  readonly now: () => Date;
}

/** Keeps a connection open without ever answering, until released. */
export function holdConnection(context: RegionContext, socket: Duplex): void {
  context.held.add(socket);
  socket.once('close', () => context.held.delete(socket));
}

export function releaseHeldConnections(context: RegionContext): void {
  for (const socket of context.held) socket.destroy();
  context.held.clear();
}
