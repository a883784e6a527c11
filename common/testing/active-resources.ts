/**
 * Test harness: what keeps this process's event loop alive (timers, sockets, child pipes), counted
 * by kind from process.getActiveResourcesInfo(). Not a test itself.
 */
export type ResourceCounts = Readonly<Record<string, number>>;

export function activeResources(): ResourceCounts {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** The kinds held more of now than in `baseline`, with how many more. */
export function resourcesBeyond(baseline: ResourceCounts, now: ResourceCounts = activeResources()): ResourceCounts {
  return Object.fromEntries(Object.entries(now).flatMap(([kind, count]) => (count > (baseline[kind] ?? 0) ? [[kind, count - (baseline[kind] ?? 0)]] : [])));
}
