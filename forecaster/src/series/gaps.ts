/**
 * Missing buckets: measured (to refuse series too gappy to trust) and filled (models need a
 * regular array). A gap is filled from one season earlier when that is known, which keeps the
 * weekly shape through a missing day, else by a straight line between its neighbours.
 */
export interface GapReport {
  readonly missing: number;
  readonly missingFraction: number;
  readonly longestGap: number;
}

export function measureGaps(values: readonly number[]): GapReport {
  let missing = 0;
  let run = 0;
  let longestGap = 0;
  for (const value of values) {
    if (Number.isNaN(value)) {
      missing += 1;
      run += 1;
      longestGap = Math.max(longestGap, run);
    } else {
      run = 0;
    }
  }
  return { missing, missingFraction: values.length === 0 ? 0 : missing / values.length, longestGap };
}

export function fillGaps(values: readonly number[], period: number): number[] {
  const filled = [...values];
  for (let index = 0; index < filled.length; index += 1) {
    if (!Number.isNaN(filled[index])) continue;
    if (period > 1 && index >= period && !Number.isNaN(filled[index - period])) {
      filled[index] = filled[index - period];
      continue;
    }
    filled[index] = interpolate(filled, index);
  }
  return filled;
}

function interpolate(values: readonly number[], index: number): number {
  let before = index - 1;
  while (before >= 0 && Number.isNaN(values[before])) before -= 1;
  let after = index + 1;
  while (after < values.length && Number.isNaN(values[after])) after += 1;
  if (before < 0 && after >= values.length) return 0;
  if (before < 0) return values[after];
  if (after >= values.length) return values[before];
  const share = (index - before) / (after - before);
  return values[before] + share * (values[after] - values[before]);
}
