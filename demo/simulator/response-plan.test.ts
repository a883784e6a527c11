import { activateFault } from './fault';
import { planResponse, sampleDelay } from './response-plan';
import { createSeededRandom } from './seeded-random';

const base = { latencyMs: 50, jitterMs: 0, requestNumber: 1 };

describe('planResponse', () => {
  it('answers after exactly the latency when there is no jitter, without drawing a random number', () => {
    const random = createSeededRandom(1);
    const untouched = createSeededRandom(1);
    expect(planResponse({ ...base, fault: activateFault('none'), random })).toEqual({ kind: 'reply', delayMs: 50, failed: false });
    expect(random.next()).toBe(untouched.next());
  });

  it('drops connections of a region that is down and holds those of a hanging one', () => {
    const random = createSeededRandom(1);
    expect(planResponse({ ...base, fault: activateFault('down'), random })).toEqual({ kind: 'drop' });
    expect(planResponse({ ...base, fault: activateFault('hanging'), random })).toEqual({ kind: 'hang' });
  });

  it('fails every request under error and none under tls', () => {
    const random = createSeededRandom(1);
    expect(planResponse({ ...base, fault: activateFault('error'), random })).toMatchObject({ failed: true, delayMs: 50 });
    expect(planResponse({ ...base, fault: activateFault('tls'), random })).toMatchObject({ failed: false });
  });

  it('adds the extra delay of slow, 1000 ms unless told otherwise', () => {
    const random = createSeededRandom(1);
    expect(planResponse({ ...base, fault: activateFault('slow'), random })).toMatchObject({ delayMs: 1050, failed: false });
    expect(planResponse({ ...base, fault: activateFault({ mode: 'slow', extraMs: 30 }), random })).toMatchObject({ delayMs: 80 });
  });

  it('fails every other request when flapping, or every n-th with failEvery', () => {
    const random = createSeededRandom(1);
    const failures = (fault: Parameters<typeof activateFault>[0]): boolean[] =>
      [1, 2, 3, 4, 5, 6].map((requestNumber) => {
        const plan = planResponse({ ...base, requestNumber, fault: activateFault(fault), random });
        return plan.kind === 'reply' && plan.failed;
      });
    expect(failures('flapping')).toEqual([false, true, false, true, false, true]);
    expect(failures({ mode: 'flapping', failEvery: 3 })).toEqual([false, false, true, false, false, true]);
  });

  it('drops every tenth connection under loss, or every n-th with dropEvery, and answers the others', () => {
    const random = createSeededRandom(1);
    const kinds = (fault: Parameters<typeof activateFault>[0], count: number): string[] =>
      Array.from({ length: count }, (_, index) => planResponse({ ...base, requestNumber: index + 1, fault: activateFault(fault), random })).map((plan) =>
        plan.kind === 'reply' ? (plan.failed ? 'failed' : 'ok') : plan.kind,
      );
    expect(kinds('loss', 20)).toEqual([...Array(9).fill('ok'), 'drop', ...Array(9).fill('ok'), 'drop']);
    expect(kinds({ mode: 'loss', dropEvery: 3 }, 6)).toEqual(['ok', 'ok', 'drop', 'ok', 'ok', 'drop']);
  });
});

describe('sampleDelay', () => {
  it('spreads jittered delays around the latency, never below zero nor beyond three deviations', () => {
    const random = createSeededRandom(9);
    const delays = Array.from({ length: 5000 }, () => sampleDelay({ latencyMs: 20, jitterMs: 10, random }));
    expect(Math.min(...delays)).toBe(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(50);
    const mean = delays.reduce((sum, x) => sum + x, 0) / delays.length;
    expect(Math.abs(mean - 20)).toBeLessThan(1);
  });

  it('repeats the same delays for the same seed', () => {
    const draw = (): number[] => {
      const random = createSeededRandom(5);
      return Array.from({ length: 5 }, () => sampleDelay({ latencyMs: 100, jitterMs: 10, random }));
    };
    expect(draw()).toEqual(draw());
  });
});
