import { chunksOf, planChunks, PROMETHEUS_MAX_POINTS } from './chunks';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FROM = Date.UTC(2026, 10, 1);

describe('planChunks', () => {
  it('cuts an hourly range into one-day chunks evaluated at the end of each step', () => {
    const plan = planChunks({ fromMs: FROM, toMs: FROM + 3 * DAY, stepMs: HOUR });
    expect(plan).toMatchObject({ steps: 72, pointsPerChunk: 24, chunkCount: 3, remainderMs: 0 });
    expect([...chunksOf(plan)]).toEqual([
      { index: 0, firstEvalMs: FROM + HOUR, lastEvalMs: FROM + DAY, points: 24 },
      { index: 1, firstEvalMs: FROM + DAY + HOUR, lastEvalMs: FROM + 2 * DAY, points: 24 },
      { index: 2, firstEvalMs: FROM + 2 * DAY + HOUR, lastEvalMs: FROM + 3 * DAY, points: 24 },
    ]);
  });

  it('keeps the last chunk short and reports the tail shorter than a step', () => {
    const plan = planChunks({ fromMs: FROM, toMs: FROM + DAY + 5 * HOUR + 30 * 60_000, stepMs: HOUR });
    expect(plan).toMatchObject({ steps: 29, chunkCount: 2, remainderMs: 30 * 60_000 });
    expect([...chunksOf(plan)].map((chunk) => chunk.points)).toEqual([24, 5]);
  });

  it('never asks for more than 11,000 points in one request', () => {
    const plan = planChunks({ fromMs: FROM, toMs: FROM + 2 * DAY, stepMs: 1000 });
    expect(plan.pointsPerChunk).toBe(PROMETHEUS_MAX_POINTS);
    const chunks = [...chunksOf(plan)];
    expect(chunks).toHaveLength(Math.ceil((2 * 86_400) / PROMETHEUS_MAX_POINTS));
    expect(chunks.reduce((sum, chunk) => sum + chunk.points, 0)).toBe(2 * 86_400);
    expect(Math.max(...chunks.map((chunk) => (chunk.lastEvalMs - chunk.firstEvalMs) / 1000 + 1))).toBe(PROMETHEUS_MAX_POINTS);
  });

  it('puts one step per chunk when a step is a day or longer', () => {
    const plan = planChunks({ fromMs: FROM, toMs: FROM + 21 * DAY, stepMs: 7 * DAY });
    expect([...chunksOf(plan)].map((chunk) => [chunk.firstEvalMs, chunk.lastEvalMs])).toEqual([
      [FROM + 7 * DAY, FROM + 7 * DAY],
      [FROM + 14 * DAY, FROM + 14 * DAY],
      [FROM + 21 * DAY, FROM + 21 * DAY],
    ]);
  });

  it('covers every step exactly once, whatever the sizes', () => {
    for (const [days, stepMs, maxSpanMs] of [[10, HOUR, DAY], [1, 60_000, 7 * HOUR], [3, 15_000, DAY]] as const) {
      const plan = planChunks({ fromMs: FROM, toMs: FROM + days * DAY, stepMs, maxSpanMs });
      const evaluations = [...chunksOf(plan)].flatMap((chunk) => Array.from({ length: chunk.points }, (_, i) => chunk.firstEvalMs + i * stepMs));
      expect(evaluations).toEqual(Array.from({ length: plan.steps }, (_, i) => FROM + (i + 1) * stepMs));
    }
  });

  it('refuses an empty range or a step of zero', () => {
    expect(() => planChunks({ fromMs: FROM, toMs: FROM, stepMs: HOUR })).toThrow('range must end after it starts');
    expect(() => planChunks({ fromMs: FROM, toMs: FROM + DAY, stepMs: 0 })).toThrow('step must be positive (got 0 ms)');
  });
});
