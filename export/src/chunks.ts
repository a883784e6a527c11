/**
 * Splits an export range into query_range requests. The range is cut into whole steps starting
 * at --from; each step is one output row per series, evaluated at the step's end. A chunk is at
 * most 11,000 points (Prometheus refuses more per series) and covers at most about a day of raw
 * samples, so neither Prometheus nor the export holds more than a few chunks (those in flight).
 */
export const PROMETHEUS_MAX_POINTS = 11_000;
export const DEFAULT_MAX_CHUNK_SPAN_MS = 86_400_000;

export interface ChunkPlanInput {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  readonly maxPoints?: number;
  readonly maxSpanMs?: number;
}

export interface ChunkPlan {
  readonly fromMs: number;
  readonly stepMs: number;
  /** Whole steps between from and to: the rows per series. */
  readonly steps: number;
  readonly pointsPerChunk: number;
  readonly chunkCount: number;
  /** The end of the range shorter than a step, which no row covers. */
  readonly remainderMs: number;
}

/** One query_range request: evaluation times first..last (inclusive), `points` of them. */
export interface Chunk {
  readonly index: number;
  readonly firstEvalMs: number;
  readonly lastEvalMs: number;
  readonly points: number;
}

export function planChunks({ fromMs, toMs, stepMs, maxPoints = PROMETHEUS_MAX_POINTS, maxSpanMs = DEFAULT_MAX_CHUNK_SPAN_MS }: ChunkPlanInput): ChunkPlan {
  if (!(stepMs > 0)) throw new Error(`step must be positive (got ${stepMs} ms)`);
  if (!(toMs > fromMs)) throw new Error(`range must end after it starts (got ${fromMs} to ${toMs})`);
  const steps = Math.floor((toMs - fromMs) / stepMs);
  const pointsPerChunk = Math.max(1, Math.min(maxPoints, Math.floor(maxSpanMs / stepMs)));
  return {
    fromMs,
    stepMs,
    steps,
    pointsPerChunk,
    chunkCount: Math.ceil(steps / pointsPerChunk),
    remainderMs: toMs - fromMs - steps * stepMs,
  };
}

/** The chunks one at a time, so a ten-year range at 1s steps costs no memory up front. */
export function* chunksOf(plan: ChunkPlan): Generator<Chunk> {
  for (let index = 0; index < plan.chunkCount; index++) {
    const firstStep = index * plan.pointsPerChunk + 1;
    const lastStep = Math.min((index + 1) * plan.pointsPerChunk, plan.steps);
    yield {
      index,
      firstEvalMs: plan.fromMs + firstStep * plan.stepMs,
      lastEvalMs: plan.fromMs + lastStep * plan.stepMs,
      points: lastStep - firstStep + 1,
    };
  }
}
