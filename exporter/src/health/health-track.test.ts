import type { HealthPolicy } from '../config/model';
import type { ProbeResult } from '../probes/types';
import { advance, classify, INITIAL_TRACK, type HealthTrack, type Outcome, type Transition } from './health-track';

const policy: HealthPolicy = { window: 5, downAfter: 3, degradedAfter: 3, degradedLatencyMs: 300, degradedLoadRatio: 0.85 };

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

  it('goes down only after N failures among the last M results', () => {
    const { states, transitions } = run([...ok(5), ...fail(3)]);
    expect(states.slice(5)).toEqual(['healthy', 'healthy', 'down']);
    expect(transitions).toEqual([
      { from: 'unknown', to: 'healthy' },
      { from: 'healthy', to: 'down' },
    ]);
  });

  it('never changes state for one lost probe in ten', () => {
    for (let lost = 0; lost < 10; lost++) {
      const outcomes = ok(10);
      outcomes[lost] = 'fail';
      const { transitions } = run([...ok(3), ...outcomes]);
      expect(transitions).toHaveLength(1); // only unknown → healthy
    }
  });

  it('recovers once failures drop below N of the last M', () => {
    const down = run([...ok(2), ...fail(6)]).track;
    expect(down.state).toBe('down');
    const { states } = run(ok(3), down);
    expect(states).toEqual(['down', 'down', 'healthy']);
  });

  it('is degraded when N of the last M answers are slow, and down wins over degraded', () => {
    expect(run([...ok(2), 'slow', 'slow', 'slow']).track.state).toBe('degraded');
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
