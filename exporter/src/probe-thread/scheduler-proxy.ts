/**
 * The main thread's handle on a scheduler that runs on the probe thread (scheduler-host.ts): the
 * same Scheduler interface, so the runtime, reloads and probe-now work as with a local one. The
 * main thread records each reported result (health, store, metrics) and counts skipped ticks; a
 * probe-now answer waits until its result has been recorded, as the local scheduler's does.
 */
import { failure } from '../probes/failure';
import type { ProbeResult } from '../probes/types';
import type { ScheduleReport, ScheduleRequest } from './schedule-messages';
import type { Scheduler, SchedulerDeps } from '../scheduler/scheduler';

export interface ScheduleChannel {
  post(request: ScheduleRequest): void;
}

export interface SchedulerProxy extends Scheduler {
  /** A report from the probe thread for this scheduler's generation. */
  receive(report: ScheduleReport): void;
  /** The probe thread died: fails what was waiting on it. */
  threadLost(why: string): void;
  /** Asks a new probe thread to run this schedule, unless it has stopped. */
  reschedule(): void;
}

export function createSchedulerProxy(channel: ScheduleChannel, generation: number, deps: SchedulerDeps): SchedulerProxy {
  const byCode = new Map(deps.regions.map((region) => [region.code, region]));
  const waiting = new Map<number, { code: string; resolve: (result: ProbeResult) => void }>();
  /** The latest recording per region, so probe-now answers after its result is stored. */
  const recording = new Map<string, Promise<unknown>>();
  const stopped: Array<() => void> = [];
  let started = false;
  let stopping = false;
  let inFlight = 0;
  let nextId = 0;
  /** Probe-now asks of this turn, sent together when it ends (sendAsks). */
  let asks: Array<{ id: number; code: string }> = [];

  const schedule = (): void => channel.post({ type: 'schedule', generation, regions: deps.regions, maxConcurrent: deps.maxConcurrent });

  /**
   * Requests that arrive together (read in one poll of the event loop) ask in one message: a
   * postMessage per probe was a tenth of the main thread's CPU under on-demand load. Asks already
   * answered (the thread was lost meanwhile) are not sent.
   */
  function sendAsks(): void {
    const sending = asks.filter((ask) => waiting.has(ask.id));
    asks = [];
    if (sending.length > 0) channel.post({ type: 'probeNow', generation, asks: sending });
  }

  function ask(id: number, code: string): void {
    if (asks.length === 0) setImmediate(sendAsks);
    asks.push({ id, code });
  }

  /** A probe-now answer resolves once its region's result has been recorded (sent in the same or an earlier batch). */
  function answer(id: number, result: ProbeResult): void {
    const asked = waiting.get(id);
    if (!asked) return;
    waiting.delete(id);
    void (recording.get(asked.code) ?? Promise.resolve()).then(() => asked.resolve(result));
  }

  function record(code: string, result: ProbeResult): void {
    const region = byCode.get(code);
    if (!region) return;
    const done = deps.onResult(region, result).catch(() => undefined);
    recording.set(code, done);
    void done.then(() => {
      if (recording.get(code) === done) recording.delete(code);
    });
  }

  return {
    start() {
      started = true;
      schedule();
    },
    stop() {
      if (!started) return Promise.resolve();
      stopping = true;
      return new Promise<void>((resolve) => {
        stopped.push(resolve);
        // Asked before the stop, so the thread answers them before it unschedules.
        sendAsks();
        channel.post({ type: 'unschedule', generation });
      }).then(() => Promise.allSettled([...recording.values()]).then(() => undefined));
    },
    probeNow(code) {
      if (!byCode.has(code)) return Promise.reject(new Error(`unknown region ${code}`));
      if (!started || stopping) return Promise.resolve({ ...failure('timeout', 'aborted: probing has stopped'), durationSeconds: 0 });
      const id = nextId++;
      return new Promise<ProbeResult>((resolve) => {
        waiting.set(id, { code, resolve });
        ask(id, code);
      });
    },
    inFlight: () => inFlight,

    receive(report) {
      switch (report.type) {
        case 'results':
          for (const { code, result } of report.results) record(code, result);
          for (const { code, ticks } of report.skipped) {
            const region = byCode.get(code);
            if (region) deps.onSkipped?.(region, ticks);
          }
          inFlight = report.inFlight;
          for (const { id, result } of report.answers) answer(id, result);
          return;
        case 'probed':
          for (const { id, result } of report.answers) answer(id, result);
          return;
        case 'unscheduled':
          inFlight = 0;
          for (const resolve of stopped.splice(0)) resolve();
          return;
      }
    },

    threadLost(why) {
      inFlight = 0;
      for (const [id, asked] of waiting) {
        waiting.delete(id);
        asked.resolve({ ...failure('protocol_error', why), durationSeconds: 0 });
      }
      if (stopping) for (const resolve of stopped.splice(0)) resolve();
    },

    reschedule() {
      if (started && !stopping) schedule();
    },
  };
}
