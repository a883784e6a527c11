import { SIM_FAULT_MODES, type SimFault, type SimFaultMode } from './fault';

/**
 * Validation of control API bodies: pure functions from parsed JSON to a command, or to an error
 * naming the offending field, so the handlers only route and answer.
 */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly field: string; readonly error: string };

export interface LatencyCommand {
  readonly ms: number;
  readonly jitterMs: number;
}

export interface LoadCommand {
  readonly participants: number;
}

/** Longest delay a command may set; beyond it a probe's timeout makes any value the same. */
export const MAX_DELAY_MS = 600_000;

type Body = Record<string, unknown>;

/** The modes that act on every n-th request, and the option saying which n. */
const EVERY_NTH_OPTION = { flapping: 'failEvery', loss: 'dropEvery' } as const;

export function parseFaultCommand(body: unknown): Parsed<SimFault> {
  const checked = checkBody(body, ['mode', 'extraMs', 'failEvery', 'dropEvery']);
  if (!checked.ok) return checked;
  const { mode, extraMs } = checked.value;
  if (typeof mode !== 'string' || !(SIM_FAULT_MODES as readonly string[]).includes(mode)) {
    return fail('mode', `must be one of ${SIM_FAULT_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  }
  const faultMode = mode as SimFaultMode;
  if (extraMs !== undefined && faultMode !== 'slow') return fail('extraMs', `only applies to mode "slow" (mode is "${faultMode}")`);
  for (const [owner, option] of Object.entries(EVERY_NTH_OPTION)) {
    if (checked.value[option] !== undefined && faultMode !== owner) return fail(option, `only applies to mode "${owner}" (mode is "${faultMode}")`);
  }
  if (faultMode === 'slow') {
    if (extraMs === undefined) return ok({ mode: 'slow' });
    const problem = checkNumber(extraMs, { min: 0, max: MAX_DELAY_MS, integer: false });
    return problem ? fail('extraMs', problem) : ok({ mode: 'slow', extraMs: extraMs as number });
  }
  if (faultMode === 'flapping' || faultMode === 'loss') {
    const option = EVERY_NTH_OPTION[faultMode];
    const every = checked.value[option];
    if (every === undefined) return ok({ mode: faultMode });
    const problem = checkNumber(every, { min: 1, max: 1_000_000, integer: true });
    return problem ? fail(option, problem) : ok({ mode: faultMode, [option]: every as number } as SimFault);
  }
  return ok({ mode: faultMode } as SimFault);
}

export function parseLatencyCommand(body: unknown): Parsed<LatencyCommand> {
  const checked = checkBody(body, ['ms', 'jitterMs']);
  if (!checked.ok) return checked;
  const { ms, jitterMs = 0 } = checked.value;
  const msProblem = checkNumber(ms, { min: 0, max: MAX_DELAY_MS, integer: false });
  if (msProblem) return fail('ms', msProblem);
  const jitterProblem = checkNumber(jitterMs, { min: 0, max: MAX_DELAY_MS, integer: false });
  if (jitterProblem) return fail('jitterMs', jitterProblem);
  return ok({ ms: ms as number, jitterMs: jitterMs as number });
}

export function parseLoadCommand(body: unknown): Parsed<LoadCommand> {
  const checked = checkBody(body, ['participants']);
  if (!checked.ok) return checked;
  const { participants } = checked.value;
  const problem = checkNumber(participants, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
  return problem ? fail('participants', problem) : ok({ participants: participants as number });
}

/** A problem with a number argument, or undefined when it is fine; shared with the Simulator's own methods. */
export function checkNumber(value: unknown, rule: { min: number; max: number; integer: boolean }): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number (got ${JSON.stringify(value)})`;
  if (rule.integer && !Number.isInteger(value)) return `must be a whole number (got ${value})`;
  if (value < rule.min || value > rule.max) return `must be between ${rule.min} and ${rule.max} (got ${value})`;
  return undefined;
}

function checkBody(body: unknown, allowed: readonly string[]): Parsed<Body> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('body', 'must be a JSON object');
  const unknownKey = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknownKey !== undefined) return fail(unknownKey, `unknown field (allowed: ${allowed.join(', ')})`);
  return ok(body as Body);
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail(field: string, error: string): { ok: false; field: string; error: string } {
  return { ok: false, field, error: `${field}: ${error}` };
}
