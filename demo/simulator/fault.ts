/** The failures a simulated region can be told to show, one at a time. */
export const SIM_FAULT_MODES = ['none', 'down', 'error', 'slow', 'flapping', 'loss', 'hanging', 'tls'] as const;
export type SimFaultMode = (typeof SIM_FAULT_MODES)[number];

/** Added delay of `slow` when the command does not say. */
export const DEFAULT_SLOW_EXTRA_MS = 1000;
/** `flapping` fails every n-th request; 2 means every other one. */
export const DEFAULT_FLAPPING_FAIL_EVERY = 2;
/** `loss` drops the connection of every n-th request, answering the others: one lost probe in ten. */
export const DEFAULT_LOSS_DROP_EVERY = 10;

/** A fault as commanded: options may be left out and take their defaults. */
export type SimFault =
  | { readonly mode: 'none' | 'down' | 'error' | 'hanging' | 'tls' }
  | { readonly mode: 'slow'; readonly extraMs?: number }
  | { readonly mode: 'flapping'; readonly failEvery?: number }
  | { readonly mode: 'loss'; readonly dropEvery?: number };

/** A fault with its defaults filled in: what a region runs with and reports. */
export type ActiveFault =
  | { readonly mode: 'none' | 'down' | 'error' | 'hanging' | 'tls' }
  | { readonly mode: 'slow'; readonly extraMs: number }
  | { readonly mode: 'flapping'; readonly failEvery: number }
  | { readonly mode: 'loss'; readonly dropEvery: number };

export const NO_FAULT: ActiveFault = Object.freeze({ mode: 'none' });

/** Fills in defaults; a bare mode name is accepted as shorthand (`'down'`). */
export function activateFault(fault: SimFault | SimFaultMode): ActiveFault {
  const command: SimFault = typeof fault === 'string' ? ({ mode: fault } as SimFault) : fault;
  switch (command.mode) {
    case 'slow':
      return Object.freeze({ mode: 'slow', extraMs: command.extraMs ?? DEFAULT_SLOW_EXTRA_MS });
    case 'flapping':
      return Object.freeze({ mode: 'flapping', failEvery: command.failEvery ?? DEFAULT_FLAPPING_FAIL_EVERY });
    case 'loss':
      return Object.freeze({ mode: 'loss', dropEvery: command.dropEvery ?? DEFAULT_LOSS_DROP_EVERY });
    default:
      return Object.freeze({ mode: command.mode });
  }
}
