/** What the main thread and the probe thread say to each other about a scheduler running on the probe thread. */
import type { RegionConfig } from '../config/model';
import type { ProbeResult } from '../probes/types';

/** main → probe thread. A generation names one scheduler (one per config; a reload starts the next). */
export type ScheduleRequest =
  | { readonly type: 'schedule'; readonly generation: number; readonly regions: readonly RegionConfig[]; readonly maxConcurrent: number }
  | { readonly type: 'unschedule'; readonly generation: number }
  /** Every probe-now asked in one turn of the main thread's event loop: one message (one wake-up of the thread) for all. */
  | { readonly type: 'probeNow'; readonly generation: number; readonly asks: ReadonlyArray<{ readonly id: number; readonly code: string }> };

/** probe thread → main */
export type ScheduleReport =
  /**
   * Finished probes and skipped ticks, batched; inFlight as the batch left. `answers` are the
   * probeNow answers whose results are in this batch or an earlier one: one message per on-demand
   * probe, not a batch and then its answer.
   */
  | {
      readonly type: 'results';
      readonly generation: number;
      readonly results: ReadonlyArray<{ readonly code: string; readonly result: ProbeResult }>;
      readonly skipped: ReadonlyArray<{ readonly code: string; readonly ticks: number }>;
      readonly answers: ReadonlyArray<{ readonly id: number; readonly result: ProbeResult }>;
      readonly inFlight: number;
    }
  /** The answers to probeNow for a generation the thread does not run. */
  | { readonly type: 'probed'; readonly generation: number; readonly answers: ReadonlyArray<{ readonly id: number; readonly result: ProbeResult }> }
  | { readonly type: 'unscheduled'; readonly generation: number };

export const isScheduleReport = (message: unknown): message is ScheduleReport =>
  typeof message === 'object' && message !== null && 'generation' in message;
