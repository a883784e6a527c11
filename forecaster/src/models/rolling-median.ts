/**
 * The median of every window of `reach` points either side (cut at the ends), in one pass: the
 * window's values are kept sorted, each step takes out the point that left and puts in the one that
 * came. Sorting every window afresh cost a sort of 2 × reach + 1 values per point, a fifth of the
 * service's time per series (hourly windows of 49 values); this returns the same numbers.
 */

/** Orders like a Float64Array's sort: numbers ascending, NaN after every number. */
function before(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

/** First position in `sorted[0, size)` whose value does not come before `value`. */
function lowerBound(sorted: Float64Array, size: number, value: number): number {
  let low = 0;
  let high = size;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(sorted[middle], value)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function medianOfSorted(sorted: Float64Array, size: number): number {
  const middle = size >>> 1;
  return size % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function rollingMedians(values: Float64Array | readonly number[], reach: number): Float64Array {
  const n = values.length;
  const result = new Float64Array(n);
  const sorted = new Float64Array(Math.min(n, 2 * reach + 1));
  let size = 0;
  const insert = (value: number): void => {
    const at = lowerBound(sorted, size, value);
    sorted.copyWithin(at + 1, at, size);
    sorted[at] = value;
    size += 1;
  };
  const remove = (value: number): void => {
    // NaN equals nothing; its place is the last one (it sorts after every number).
    const at = Number.isNaN(value) ? size - 1 : lowerBound(sorted, size, value);
    sorted.copyWithin(at, at + 1, size);
    size -= 1;
  };
  for (let index = 0; index < Math.min(n, reach); index += 1) insert(values[index]);
  for (let index = 0; index < n; index += 1) {
    // Out before in: the buffer holds one full window and no more.
    if (index - reach - 1 >= 0) remove(values[index - reach - 1]);
    if (index + reach < n) insert(values[index + reach]);
    result[index] = medianOfSorted(sorted, size);
  }
  return result;
}
