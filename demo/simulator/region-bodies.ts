import type { RegionState } from './region-state';

/** Serialisation of what the fake region says, apart from the servers that say it. */

export function renderHealthBody(state: RegionState, now: Date): string {
  return JSON.stringify({
    region: state.code,
    status: 'ok',
    load: { participants: state.load },
    capacity: state.capacity,
    timestamp: now.toISOString(),
  });
}

export function renderErrorBody(state: RegionState): string {
  return JSON.stringify({ region: state.code, status: 'error' });
}

export function renderNotFoundBody(path: string): string {
  return JSON.stringify({ status: 'error', error: `no such path: ${path}` });
}

/** The answer to a text message on /rtc: a pong carrying back what was sent. */
export function renderPong(state: RegionState, received: string, now: Date): string {
  return JSON.stringify({ type: 'pong', region: state.code, echo: received, timestamp: now.toISOString() });
}

export function renderMessageError(state: RegionState): string {
  return JSON.stringify({ type: 'error', region: state.code, status: 'error' });
}
