import type { HealthPolicy } from '../config/model';
import type { ProbeResult } from '../probes/types';
import { advance, classify, INITIAL_TRACK, type HealthTrack, type Outcome, type Transition } from './health-track';

const policy: HealthPolicy = { window: 5, downAfter: 3, degradedAfter: 2, recoverAfter: 3, degradedLatencyMs: 300, degradedLoadRatio: 0.85, confirmDelayMs: 3000 };

function run(outcomes: Outcome[], start: HealthTrack = INITIAL_TRACK) {
  let track = start;
  const states: string[] = [];
  const transitions: Transition[] = [];
  for (const outcome of outcomes) {
    const step = advance(track, outcome, policy);
    track = step.track;
    states.push(track.state);
    if (step.transition) transitions.push(step.transition);
  }
  return { track, states, transitions };
}

const ok = (n: number): Outcome[] => Array(n).fill('ok');
const fail = (n: number): Outcome[] => Array(n).fill('fail');

describe('the health state machine', () => {
  it('starts unknown and becomes healthy on the first good answer', () => {
    expect(run(['ok']).states).toEqual(['healthy']);
  });

  it('goes down after N failures among the last M results, through degraded', () => {
    const { states, transitions } = run([...ok(5), ...fail(3)]);
    expect(states.slice(5)).toEqual(['healthy', 'degraded', 'down']);
    expect(transitions).toEqual([
      { from: 'unknown', to: 'healthy' },
      { from: 'healthy', to: 'degraded' },
      { from: 'degraded', to: 'down' },
    ]);
  });

  it('never changes state for one lost probe in ten', () => {
    for (let lost = 0; lost < 10; lost++) {
      const outcomes = ok(10);
      outcomes[lost] = 'fail';
      const { transitions } = run([...ok(3), ...outcomes, ...outcomes, ...outcomes]);
      expect(transitions).toHaveLength(1); // only unknown → healthy
    }
  });

  it('holds one steady state for a region failing every other probe, and never shows it healthy once down', () => {
    const flapping = Array.from({ length: 30 }, (_, i): Outcome => (i % 2 === 0 ? 'fail' : 'ok'));
    const { states, transitions } = run([...ok(5), ...flapping]);
    expect(transitions.map((t) => t.to)).toEqual(['healthy', 'degraded', 'down']);
    const firstDown = states.indexOf('down');
    expect(firstDown).toBeLessThan(5 + 6);
    expect(new Set(states.slice(firstDown))).toEqual(new Set(['down']));
  });

  it('shows a region failing one probe in three as steadily degraded, not down', () => {
    const oneInThree = Array.from({ length: 30 }, (_, i): Outcome => (i % 3 === 0 ? 'fail' : 'ok'));
    const { states, transitions } = run([...ok(5), ...oneInThree]);
    expect(transitions.map((t) => t.to)).toEqual(['healthy', 'degraded']);
    expect(states.at(-1)).toBe('degraded');
  });

  it('needs K successes in a row to leave down, and forgives the failures before them', () => {
    const down = run([...ok(2), ...fail(6)]).track;
    expect(down.state).toBe('down');
    expect(run(ok(3), down).states).toEqual(['down', 'down', 'healthy']);
    // A failure inside the streak starts it again.
    expect(run(['ok', 'ok', 'fail', 'ok', 'ok', 'ok'], down).states).toEqual(['down', 'down', 'down', 'down', 'down', 'healthy']);
    // Once back, one new failure is judged on what came after the recovery.
    const back = run(ok(3), down).track;
    expect(back.recent).toEqual(ok(3));
    expect(run(['fail'], back).track.state).toBe('healthy');
  });

  it('leaves down for degraded when the successes are slow, and degraded for healthy after K good answers', () => {
    const down = run(fail(5)).track;
    const { states } = run(['slow', 'slow', 'slow', 'ok', 'ok', 'ok'], down);
    expect(states).toEqual(['down', 'down', 'degraded', 'degraded', 'degraded', 'healthy']);
  });

  it('is degraded when D of the last M answers are slow, and down wins over degraded', () => {
    expect(run([...ok(2), 'slow', 'slow']).track.state).toBe('degraded');
    expect(run([...ok(2), 'slow', 'fail', 'slow']).track.state).toBe('degraded');
    expect(run(['slow', 'fail', 'fail', 'fail']).track.state).toBe('down');
  });

  it('a region that never answered goes from unknown straight to down', () => {
    const { states, transitions } = run(fail(3));
    expect(states).toEqual(['unknown', 'unknown', 'down']);
    expect(transitions).toEqual([{ from: 'unknown', to: 'down' }]);
  });

  it('keeps at most M outcomes', () => {
    expect(run(ok(12)).track.recent).toHaveLength(5);
  });
});

describe('classifying a probe result', () => {
  const result = (success: boolean, seconds: number): ProbeResult => ({ success, durationSeconds: seconds });

  it('fails on an unsuccessful probe whatever its speed', () => {
    expect(classify(result(false, 0.01), 0.1, policy)).toBe('fail');
  });

  it('is slow above the latency threshold or at the load threshold', () => {
    expect(classify(result(true, 0.301), 0.1, policy)).toBe('slow');
    expect(classify(result(true, 0.05), 0.85, policy)).toBe('slow');
    expect(classify(result(true, 0.05), 0.84, policy)).toBe('ok');
    expect(classify(result(true, 0.05), undefined, policy)).toBe('ok');
  });
});
