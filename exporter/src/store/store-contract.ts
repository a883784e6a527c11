/**
 * The behaviour every Store implementation shares, as jest blocks run against each factory
 * (memory-store.test.ts, redis-store.test.ts). Not a test itself: jest runs *.test.ts only.
 */
import type { AlertNotification } from '../alerts/types';
import { MAX_NOTIFICATION_COUNTERS } from './alert-history-rules';
import type { ProbeStateRecord, Store, UsageChangeSink, UsageCursor } from './types';
import type { UsageEvent, UsageType } from '../usage/types';
import { MINUTE_MS, minuteOf, RECENT_USAGE_KEPT_MS, type RecentMinute } from './recent-usage';

export interface StoreUnderTest {
  readonly store: Store;
  /** Lets `ms` pass for the idempotency window: a fake clock for memory, a real wait for Redis. */
  advance(ms: number): Promise<void>;
  /** The store's clock: the fake one for memory, the wall clock (Redis's own) for Redis. */
  now(): number;
  /** How much longer than its window an id may still count as seen (Redis keeps the second it was seen). */
  readonly windowSlackMs?: number;
}

/** Builds a fresh, empty store for each test; the contract closes it afterwards. */
export type OpenStore = () => Promise<StoreUnderTest>;

export function usageEvent(id: string, overrides: Partial<UsageEvent> = {}): UsageEvent {
  return { id, project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 1, timestampMs: 1_700_000_000_000, ...overrides };
}

export function notification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    status: 'firing',
    alertname: 'RegionDown',
    severity: 'critical',
    project: '',
    labels: { alertname: overrides.alertname ?? 'RegionDown', region: 'eu-west' },
    annotations: { summary: 'eu-west is down' },
    startsAt: '2026-11-21T10:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: 'a1b2c3',
    receiver: 'pulse-exporter',
    receivedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

// Long enough that a loaded machine never sees an id expire mid-test; the expiry test has its own.
const WINDOW_MS = 60_000;
/**
 * The expiry test's window. Redis keeps the second an id was seen, so an id counts as new from a
 * window after that second began: with 1 s, the repeat a quarter window later read as new after a
 * stall of 750 ms between the two records (a loaded machine); with 4 s it takes a stall of 3 s.
 */
const SHORT_WINDOW_MS = 4_000;

/** What one read of the usage change feed handed over. */
export interface FeedRead {
  readonly full: boolean;
  /** field → total, as numbers. */
  readonly totals: Record<string, number>;
  readonly cursor: UsageCursor;
}

export async function readFeed(store: Store, since: UsageCursor | undefined): Promise<FeedRead> {
  let full = false;
  let totals: Record<string, number> = {};
  const sink: UsageChangeSink = {
    full: () => {
      full = true;
      totals = {};
    },
    total: (field, value) => void (totals[field] = Number(value)),
  };
  const cursor = await store.usageChanges(since, sink);
  return { full, totals, cursor };
}

const field = (project: string, region: string, type: UsageType): string => JSON.stringify([project, region, type]);

/**
 * The subject once its store answers (up to 10 s): a contract starts from a connected store. A
 * burst of calls on a Redis store still connecting meets its connect timeout (the command
 * timeout, 1 s by default: the store fails fast by design), which on a loaded machine is about
 * the machine, not about the contract.
 */
export async function openConnected(open: OpenStore): Promise<StoreUnderTest> {
  const subject = await open();
  const deadline = Date.now() + 10_000;
  while (!(await subject.store.ping())) {
    if (Date.now() > deadline) throw new Error(`the ${subject.store.kind} store under test did not answer PING within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return subject;
}

export function describeStoreContract(kind: Store['kind'], open: OpenStore): void {
  let subject: StoreUnderTest;
  let store: Store;
  beforeEach(async () => {
    subject = await openConnected(open);
    store = subject.store;
  });
  afterEach(() => store.close());

  const total = async (type: UsageType, project = 'acme', region = 'eu-west'): Promise<number | undefined> =>
    (await store.usageTotals()).find((t) => t.type === type && t.project === project && t.region === region)?.value;

  describe(`the ${kind} store's usage totals`, () => {
    it('is of the kind it says and answers ping', async () => {
      expect(store.kind).toBe(kind);
      expect(await store.ping()).toBe(true);
    });

    it('adds counter events into one total per project, region and type', async () => {
      await store.recordUsage([usageEvent('a', { value: 2 }), usageEvent('b', { value: 3 }), usageEvent('c', { value: 4, region: 'us-east' })], WINDOW_MS);
      await store.recordUsage([usageEvent('d', { value: 5, type: 'api_requests' }), usageEvent('e', { value: 1, project: 'globex' })], WINDOW_MS);
      expect(await store.usageTotals()).toEqual([
        { project: 'acme', region: 'eu-west', type: 'api_requests', value: 5 },
        { project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 5 },
        { project: 'acme', region: 'us-east', type: 'participant_minutes', value: 4 },
        { project: 'globex', region: 'eu-west', type: 'participant_minutes', value: 1 },
      ]);
    });

    it('adds fractional and large values as numbers', async () => {
      await store.recordUsage([usageEvent('a', { value: 0.1 }), usageEvent('b', { value: 0.2 })], WINDOW_MS);
      await store.recordUsage([usageEvent('c', { type: 'bandwidth_bytes', value: 1e15 }), usageEvent('d', { type: 'bandwidth_bytes', value: 2e15 })], WINDOW_MS);
      expect(await total('participant_minutes')).toBeCloseTo(0.3, 12);
      expect(await total('bandwidth_bytes')).toBe(3e15);
    });

    it('keeps the storage level with the newest timestamp, whatever order events arrive in', async () => {
      const level = (id: string, value: number, timestampMs: number): UsageEvent => usageEvent(id, { type: 'storage_bytes', value, timestampMs });
      await store.recordUsage([level('a', 500, 2_000), level('b', 900, 1_000)], WINDOW_MS);
      expect(await total('storage_bytes')).toBe(500);
      await store.recordUsage([level('c', 700, 3_000)], WINDOW_MS);
      expect(await total('storage_bytes')).toBe(700);
      await store.recordUsage([level('d', 100, 2_999)], WINDOW_MS);
      expect(await total('storage_bytes')).toBe(700);
      await store.recordUsage([level('e', 650, 3_000)], WINDOW_MS); // same time: the later report wins
      expect(await total('storage_bytes')).toBe(650);
    });

    it('acknowledges an id seen in an earlier batch as a duplicate and does not count it again', async () => {
      expect(await store.recordUsage([usageEvent('a', { value: 2 }), usageEvent('b', { value: 3 })], WINDOW_MS)).toEqual({ accepted: ['a', 'b'], duplicates: [] });
      expect(await store.recordUsage([usageEvent('b', { value: 3 }), usageEvent('c', { value: 4 })], WINDOW_MS)).toEqual({ accepted: ['c'], duplicates: ['b'] });
      expect(await total('participant_minutes')).toBe(9);
    });

    it('treats an id repeated within one batch as a duplicate', async () => {
      const outcome = await store.recordUsage([usageEvent('a', { value: 2 }), usageEvent('a', { value: 2 }), usageEvent('b', { value: 1 })], WINDOW_MS);
      expect(outcome).toEqual({ accepted: ['a', 'b'], duplicates: ['a'] });
      expect(await total('participant_minutes')).toBe(3);
    });

    it('keys idempotency by project, so two projects may use the same id', async () => {
      const outcome = await store.recordUsage([usageEvent('a'), usageEvent('a', { project: 'globex' })], WINDOW_MS);
      expect(outcome.accepted).toEqual(['a', 'a']);
    });

    it('counts an id again once the idempotency window after its recording has passed', async () => {
      await store.recordUsage([usageEvent('a')], SHORT_WINDOW_MS);
      await subject.advance(SHORT_WINDOW_MS / 4);
      expect(await store.recordUsage([usageEvent('a')], SHORT_WINDOW_MS)).toEqual({ accepted: [], duplicates: ['a'] });
      await subject.advance(SHORT_WINDOW_MS + (subject.windowSlackMs ?? 0) + 50);
      expect(await store.recordUsage([usageEvent('a')], SHORT_WINDOW_MS)).toEqual({ accepted: ['a'], duplicates: [] });
      expect(await total('participant_minutes')).toBe(2);
    });

    it('counts accepted, duplicate and rejected events', async () => {
      expect(await store.usageEventCounts()).toEqual({ accepted: 0, duplicate: 0, rejected: 0 });
      await store.recordUsage([usageEvent('a'), usageEvent('b'), usageEvent('a')], WINDOW_MS);
      await store.recordUsage([usageEvent('b')], WINDOW_MS);
      await store.countRejected(4);
      await store.countRejected(0);
      expect(await store.usageEventCounts()).toEqual({ accepted: 2, duplicate: 2, rejected: 4 });
    });

    it('rejects a batch holding an invalid event and stores none of it', async () => {
      const batch = [usageEvent('a'), usageEvent('b', { value: Number.NaN }), usageEvent('c')];
      await expect(store.recordUsage(batch, WINDOW_MS)).rejects.toThrow(/record usage: event 2 \(id "b"\): value must be a finite number >= 0 \(got NaN\)/);
      await expect(store.recordUsage([usageEvent('a'), usageEvent('d', { type: 'bogus' as UsageType })], WINDOW_MS)).rejects.toThrow(/event 2 .*unknown usage type "bogus"/);
      await expect(store.recordUsage([usageEvent('a'), usageEvent('e', { value: -1 })], WINDOW_MS)).rejects.toThrow(/event 2 .*>= 0/);
      await expect(store.recordUsage([usageEvent('a')], 0)).rejects.toThrow(/idempotency window must be a whole number/);
      expect(await store.usageTotals()).toEqual([]);
      expect(await store.usageEventCounts()).toEqual({ accepted: 0, duplicate: 0, rejected: 0 });
      // Nor was the first event marked as seen.
      expect(await store.recordUsage([usageEvent('a')], WINDOW_MS)).toEqual({ accepted: ['a'], duplicates: [] });
    });

    it('resolves an empty batch with nothing accepted', async () => {
      expect(await store.recordUsage([], WINDOW_MS)).toEqual({ accepted: [], duplicates: [] });
      expect(await store.usageTotals()).toEqual([]);
    });
  });

  describe(`the ${kind} store's usage change feed`, () => {
    it('hands a new reader every total, then only the totals changed since its cursor', async () => {
      await store.recordUsage([usageEvent('a', { value: 2 }), usageEvent('b', { value: 3, region: 'us-east' })], WINDOW_MS);
      const first = await readFeed(store, undefined);
      expect(first).toMatchObject({ full: true, totals: { [field('acme', 'eu-west', 'participant_minutes')]: 2, [field('acme', 'us-east', 'participant_minutes')]: 3 } });
      expect(await readFeed(store, first.cursor)).toMatchObject({ full: false, totals: {} });
      await store.recordUsage([usageEvent('c', { value: 5 }), usageEvent('d', { type: 'storage_bytes', value: 7 })], WINDOW_MS);
      const second = await readFeed(store, first.cursor);
      expect(second).toMatchObject({ full: false, totals: { [field('acme', 'eu-west', 'participant_minutes')]: 7, [field('acme', 'eu-west', 'storage_bytes')]: 7 } });
      expect(Object.keys(second.totals)).toHaveLength(2);
      expect(await readFeed(store, second.cursor)).toMatchObject({ full: false, totals: {} });
    });

    it('moves on for no batch that changed nothing: refused, all duplicates, or an older level', async () => {
      await store.recordUsage([usageEvent('a'), usageEvent('l', { type: 'storage_bytes', value: 9, timestampMs: 2_000 })], WINDOW_MS);
      const { cursor } = await readFeed(store, undefined);
      await expect(store.recordUsage([usageEvent('b'), usageEvent('c', { value: -1 })], WINDOW_MS)).rejects.toThrow(/event 2/);
      await store.recordUsage([usageEvent('a')], WINDOW_MS);
      await store.recordUsage([usageEvent('m', { type: 'storage_bytes', value: 1, timestampMs: 1_000 })], WINDOW_MS);
      expect(await readFeed(store, cursor)).toEqual({ full: false, totals: {}, cursor });
    });

    it('hands every total again to a reader whose cursor it does not know', async () => {
      await store.recordUsage([usageEvent('a', { value: 4 })], WINDOW_MS);
      const { cursor } = await readFeed(store, undefined);
      for (const stale of [{ ...cursor, epoch: 'another' }, { ...cursor, version: cursor.version + 10 }]) {
        expect(await readFeed(store, stale)).toMatchObject({ full: true, totals: { [field('acme', 'eu-west', 'participant_minutes')]: 4 } });
      }
    });
  });

  describe(`the ${kind} store's recent usage`, () => {
    const byMinute = (minutes: readonly RecentMinute[]): RecentMinute[] =>
      [...minutes].sort((a, b) => a.minuteMs - b.minuteMs || a.region.localeCompare(b.region) || a.type.localeCompare(b.type));

    it('sums counter events into the minute of their timestamp, per region and type', async () => {
      const minute = minuteOf(subject.now()) - 10 * MINUTE_MS;
      await store.recordUsage(
        [
          usageEvent('a', { value: 2, timestampMs: minute }),
          usageEvent('b', { value: 3, timestampMs: minute + MINUTE_MS - 1 }),
          usageEvent('c', { value: 4, timestampMs: minute + MINUTE_MS }),
          usageEvent('d', { value: 5, timestampMs: minute, region: 'us-east' }),
          usageEvent('e', { value: 6, timestampMs: minute, type: 'api_requests' }),
          usageEvent('f', { value: 7, timestampMs: minute, project: 'globex' }),
        ],
        WINDOW_MS,
      );
      const { minutes } = await store.recentUsage({ project: 'acme', regions: [], beforeMs: minuteOf(subject.now()) });
      expect(byMinute(minutes)).toEqual([
        { minuteMs: minute, region: 'eu-west', type: 'api_requests', value: 6 },
        { minuteMs: minute, region: 'eu-west', type: 'participant_minutes', value: 5 },
        { minuteMs: minute, region: 'us-east', type: 'participant_minutes', value: 5 },
        { minuteMs: minute + MINUTE_MS, region: 'eu-west', type: 'participant_minutes', value: 4 },
      ]);
    });

    it('keeps the level reported last in each minute, with its time, and the stored level per region', async () => {
      const minute = minuteOf(subject.now()) - 5 * MINUTE_MS;
      const level = (id: string, value: number, timestampMs: number, region = 'eu-west'): UsageEvent => usageEvent(id, { type: 'storage_bytes', value, timestampMs, region });
      await store.recordUsage([level('a', 100, minute + 30_000), level('b', 90, minute + 10_000), level('c', 300, minute + 2 * MINUTE_MS)], WINDOW_MS);
      await store.recordUsage([level('d', 50, minute + 1_000, 'us-east')], WINDOW_MS);
      const recent = await store.recentUsage({ project: 'acme', regions: ['eu-west', 'us-east', 'asia-east'], beforeMs: minuteOf(subject.now()) });
      expect(byMinute(recent.minutes)).toEqual([
        { minuteMs: minute, region: 'eu-west', type: 'storage_bytes', value: 100, atMs: minute + 30_000 },
        { minuteMs: minute, region: 'us-east', type: 'storage_bytes', value: 50, atMs: minute + 1_000 },
        { minuteMs: minute + 2 * MINUTE_MS, region: 'eu-west', type: 'storage_bytes', value: 300, atMs: minute + 2 * MINUTE_MS },
      ]);
      expect([...recent.levels].sort((a, b) => a.region.localeCompare(b.region))).toEqual([
        { region: 'eu-west', type: 'storage_bytes', value: 300, atMs: minute + 2 * MINUTE_MS },
        { region: 'us-east', type: 'storage_bytes', value: 50, atMs: minute + 1_000 },
      ]);
    });

    it('reads only the kept hour of minutes before the asked time', async () => {
      const before = minuteOf(subject.now());
      const oldest = before - RECENT_USAGE_KEPT_MS;
      await store.recordUsage(
        [usageEvent('a', { timestampMs: oldest - 1 }), usageEvent('b', { value: 2, timestampMs: oldest }), usageEvent('c', { value: 3, timestampMs: before - 1 }), usageEvent('d', { value: 4, timestampMs: before })],
        WINDOW_MS,
      );
      const { minutes } = await store.recentUsage({ project: 'acme', regions: [], beforeMs: before });
      expect(byMinute(minutes).map((m) => [m.minuteMs, m.value])).toEqual([
        [oldest, 2],
        [before - MINUTE_MS, 3],
      ]);
    });

    it('adds neither duplicates nor any event of a refused batch', async () => {
      const minute = minuteOf(subject.now()) - MINUTE_MS;
      await store.recordUsage([usageEvent('a', { value: 2, timestampMs: minute }), usageEvent('a', { value: 2, timestampMs: minute })], WINDOW_MS);
      await store.recordUsage([usageEvent('a', { value: 2, timestampMs: minute })], WINDOW_MS);
      await expect(store.recordUsage([usageEvent('b', { timestampMs: minute }), usageEvent('c', { value: -1, timestampMs: minute })], WINDOW_MS)).rejects.toThrow(/event 2/);
      const { minutes } = await store.recentUsage({ project: 'acme', regions: [], beforeMs: minuteOf(subject.now()) });
      expect(minutes).toEqual([{ minuteMs: minute, region: 'eu-west', type: 'participant_minutes', value: 2 }]);
    });
  });

  describe(`the ${kind} store's project admission`, () => {
    it('admits projects up to the maximum and keeps admitting those already in', async () => {
      expect(await store.admitProjects(['p1'], 2)).toEqual({ admitted: true, added: ['p1'] });
      expect(await store.admitProjects(['p2'], 2)).toEqual({ admitted: true, added: ['p2'] });
      expect(await store.admitProjects(['p3'], 2)).toEqual({ admitted: false });
      expect(await store.admitProjects(['p1', 'p2'], 2)).toEqual({ admitted: true, added: [] });
      expect(await store.admitProjects(['p3'], 3)).toEqual({ admitted: true, added: ['p3'] });
    });

    it('admits all of a list or none of it, and counts a project named twice once', async () => {
      expect(await store.admitProjects(['p1'], 3)).toEqual({ admitted: true, added: ['p1'] });
      expect(await store.admitProjects(['p1', 'p2', 'p3', 'p4'], 3)).toEqual({ admitted: false });
      expect(await store.admitProjects(['p2', 'p2', 'p1', 'p3'], 3)).toEqual({ admitted: true, added: ['p2', 'p3'] });
      expect(await store.admitProjects(['p4'], 3)).toEqual({ admitted: false });
    });

    it('frees the slots of released projects', async () => {
      await store.admitProjects(['p1', 'p2'], 2);
      await store.releaseProjects(['p2']);
      expect(await store.admitProjects(['p3'], 2)).toEqual({ admitted: true, added: ['p3'] });
      expect(await store.admitProjects(['p2'], 2)).toEqual({ admitted: false });
      await store.releaseProjects([]);
    });
  });

  describe(`the ${kind} store's rate limit`, () => {
    const start = 1_700_000_000_000; // a multiple of the 1 s window

    it('allows `limit` requests in a window, then refuses with the time until the window ends', async () => {
      expect(await store.consumeRateLimit('acme', 2, 1000, start + 250)).toEqual({ allowed: true, remaining: 1, resetMs: 750 });
      expect(await store.consumeRateLimit('acme', 2, 1000, start + 500)).toEqual({ allowed: true, remaining: 0, resetMs: 500 });
      expect(await store.consumeRateLimit('acme', 2, 1000, start + 900)).toEqual({ allowed: false, remaining: 0, resetMs: 100 });
    });

    it('starts afresh in the next window', async () => {
      await store.consumeRateLimit('acme', 1, 1000, start + 10);
      expect((await store.consumeRateLimit('acme', 1, 1000, start + 999)).allowed).toBe(false);
      expect(await store.consumeRateLimit('acme', 1, 1000, start + 1000)).toEqual({ allowed: true, remaining: 0, resetMs: 1000 });
    });

    it('counts each key on its own', async () => {
      await store.consumeRateLimit('acme', 1, 1000, start);
      expect((await store.consumeRateLimit('globex', 1, 1000, start)).allowed).toBe(true);
      expect((await store.consumeRateLimit('acme', 1, 1000, start)).allowed).toBe(false);
    });

    it('refuses a window that is not a positive whole number of milliseconds', async () => {
      await expect(store.consumeRateLimit('acme', 1, 0, start)).rejects.toThrow(/rate limit "acme": rate limit window must be/);
    });

    it('records a batch within its limits, drawing one request of each; the first limit reached refuses the batch, and it is not recorded', async () => {
      // Two projects: on a cluster they are in different shards, so both ways of drawing are tested.
      const limits = (nowMs: number) => ({ limits: [{ key: 'usage:acme', limit: 2 }, { key: 'usage:globex', limit: 1 }], windowMs: 1000, nowMs });
      const batch = (id: string) => [usageEvent(`${id}-acme`), usageEvent(`${id}-globex`, { project: 'globex' })];
      expect(await store.recordUsageWithinLimits(batch('a'), WINDOW_MS, limits(start + 250))).toEqual({ recorded: { accepted: ['a-acme', 'a-globex'], duplicates: [] } });
      expect(await store.recordUsageWithinLimits(batch('b'), WINDOW_MS, limits(start + 500))).toEqual({ refused: { index: 1, decision: { allowed: false, remaining: 0, resetMs: 500 } } });
      // The limits are consumeRateLimit's counters: acme's second request was drawn.
      expect(await store.consumeRateLimit('usage:acme', 2, 1000, start + 600)).toEqual({ allowed: false, remaining: 0, resetMs: 400 });
      expect(await store.recordUsageWithinLimits(batch('b'), WINDOW_MS, limits(start + 1000))).toEqual({ recorded: { accepted: ['b-acme', 'b-globex'], duplicates: [] } });
      expect(await store.recordUsageWithinLimits(batch('c'), WINDOW_MS, { limits: [], windowMs: 1000, nowMs: start })).toEqual({ recorded: { accepted: ['c-acme', 'c-globex'], duplicates: [] } });
    });
  });

  describe(`the ${kind} store's alert history`, () => {
    const now = 1_700_000_000_000;
    const at = (secondsAgo: number): number => now - secondsAgo * 1000;
    const DAY_MS = 86_400_000;

    it('lists notifications newest first, at most `limit`', async () => {
      await store.addNotifications([notification({ alertname: 'A', receivedAtMs: at(30) }), notification({ alertname: 'B', receivedAtMs: at(20) })], DAY_MS, now);
      await store.addNotifications([notification({ alertname: 'C', receivedAtMs: at(10) }), notification({ alertname: 'D', receivedAtMs: at(10) })], DAY_MS, now);
      await store.addNotifications([notification({ alertname: 'E', receivedAtMs: at(25) })], DAY_MS, now); // arrives late
      const names = async (limit: number): Promise<string[]> => (await store.listNotifications({ limit })).map((n) => n.alertname);
      expect(await names(100)).toEqual(['D', 'C', 'B', 'E', 'A']);
      expect(await names(2)).toEqual(['D', 'C']);
    });

    it('gives back notifications exactly as added', async () => {
      const original = notification({ labels: { alertname: 'RegionDown', region: 'eu-west', project: 'acme' }, project: 'acme', status: 'resolved' });
      await store.addNotifications([original], DAY_MS, now);
      expect(await store.listNotifications({ limit: 1 })).toEqual([original]);
    });

    it('filters by project and severity, looking past many newer notifications that do not match', async () => {
      const old = [notification({ project: 'acme', severity: 'warning', receivedAtMs: at(600) }), notification({ project: 'acme', severity: 'critical', receivedAtMs: at(500) })];
      const newer = Array.from({ length: 450 }, (_, i) => notification({ project: 'globex', fingerprint: `f${i}`, receivedAtMs: at(400 - i / 2) }));
      await store.addNotifications([...old, ...newer], DAY_MS, now);
      expect((await store.listNotifications({ project: 'acme', limit: 10 })).map((n) => n.severity)).toEqual(['critical', 'warning']);
      expect(await store.listNotifications({ project: 'acme', severity: 'warning', limit: 10 })).toEqual([old[0]]);
      expect(await store.listNotifications({ project: 'initech', limit: 10 })).toEqual([]);
      expect(await store.listNotifications({ project: 'globex', limit: 3 })).toEqual([newer[449], newer[448], newer[447]]);
    });

    it("reads a project's own history: in order, at most `limit`, and without what the retention dropped while only other projects added", async () => {
      await store.addNotifications([notification({ alertname: 'Old', project: 'acme', receivedAtMs: at(100) }), notification({ alertname: 'Kept', project: 'acme', receivedAtMs: at(30) })], DAY_MS, now);
      await store.addNotifications([notification({ alertname: 'Late', project: 'acme', receivedAtMs: at(40) }), notification({ project: 'globex', receivedAtMs: at(20) })], DAY_MS, now);
      expect((await store.listNotifications({ project: 'acme', limit: 2 })).map((n) => n.alertname)).toEqual(['Kept', 'Late']);
      // Only globex adds, with a retention of 60 s: acme's Old and Late are past it, Kept is not.
      await store.addNotifications([notification({ project: 'globex', receivedAtMs: now })], 60_000, now + 25_000);
      expect((await store.listNotifications({ project: 'acme', limit: 10 })).map((n) => n.alertname)).toEqual(['Kept']);
      await store.addNotifications([notification({ project: 'globex', receivedAtMs: now + 100_000 })], 60_000, now + 100_000);
      expect(await store.listNotifications({ project: 'acme', limit: 10 })).toEqual([]);
    });

    it('keeps an identical notification received twice as two entries', async () => {
      await store.addNotifications([notification(), notification()], DAY_MS, now);
      expect(await store.listNotifications({ limit: 10 })).toHaveLength(2);
    });

    it('drops notifications received longer ago than the retention on every add', async () => {
      await store.addNotifications([notification({ alertname: 'Old', receivedAtMs: at(100) }), notification({ alertname: 'Edge', receivedAtMs: at(60) })], 60_000, now);
      expect((await store.listNotifications({ limit: 10 })).map((n) => n.alertname)).toEqual(['Edge']);
      await store.addNotifications([notification({ alertname: 'New', receivedAtMs: now + 1000 })], 60_000, now + 1000);
      expect((await store.listNotifications({ limit: 10 })).map((n) => n.alertname)).toEqual(['New']);
    });

    it('counts notifications by alertname, severity and status, including those since dropped; a name Prometheus would not write counts as "other"', async () => {
      await store.addNotifications(
        [
          notification({ alertname: 'RegionDown', receivedAtMs: at(100) }),
          notification({ alertname: 'RegionDown' }),
          notification({ alertname: 'RegionDown', status: 'resolved' }),
          notification({ alertname: 'Usage|Spike', severity: 'warning' }),
        ],
        60_000,
        now,
      );
      expect(await store.notificationCounts()).toEqual([
        { alertname: 'RegionDown', severity: 'critical', status: 'firing', count: 2 },
        { alertname: 'RegionDown', severity: 'critical', status: 'resolved', count: 1 },
        { alertname: 'other', severity: 'warning', status: 'firing', count: 1 },
      ]);
      // The history itself keeps the name as received.
      expect((await store.listNotifications({ limit: 10 })).map((n) => n.alertname)).toContain('Usage|Spike');
    });

    it(`keeps at most ${MAX_NOTIFICATION_COUNTERS} counters: past them a new alert name counts as "other", kept ones go on counting`, async () => {
      const names = Array.from({ length: MAX_NOTIFICATION_COUNTERS }, (_, index) => `Alert${index}`);
      await store.addNotifications(names.map((alertname) => notification({ alertname, receivedAtMs: now })), DAY_MS, now);
      await store.addNotifications([notification({ alertname: 'OneTooMany', receivedAtMs: now }), notification({ alertname: 'Alert7', receivedAtMs: now })], DAY_MS, now);
      const counts = await store.notificationCounts();
      expect(counts).toHaveLength(MAX_NOTIFICATION_COUNTERS + 1);
      expect(counts.find((c) => c.alertname === 'OneTooMany')).toBeUndefined();
      expect(counts.find((c) => c.alertname === 'other')).toEqual({ alertname: 'other', severity: 'critical', status: 'firing', count: 1 });
      expect(counts.find((c) => c.alertname === 'Alert7')?.count).toBe(2);
    });

    it('refuses a notification without a finite receive time and adds none of the call', async () => {
      await expect(store.addNotifications([notification(), notification({ receivedAtMs: Number.NaN })], DAY_MS, now)).rejects.toThrow(/add notifications: notification 2/);
      expect(await store.listNotifications({ limit: 10 })).toEqual([]);
      expect(await store.notificationCounts()).toEqual([]);
    });
  });

  describe(`the ${kind} store's region state`, () => {
    const probeState = (region: string, vantage: string, lastCheckMs: number): ProbeStateRecord => ({
      region,
      vantage,
      state: 'healthy',
      recent: ['ok', 'slow'],
      lastCheckMs,
      result: { success: true, durationSeconds: 0.042 },
    });

    it('keeps the latest probe state per region and vantage point', async () => {
      await store.putProbeState(probeState('eu-west', 'frankfurt', 1));
      await store.putProbeState(probeState('eu-west', 'virginia', 2));
      await store.putProbeState(probeState('eu-west', 'frankfurt', 3));
      const states = [...(await store.probeStates())].sort((a, b) => a.lastCheckMs - b.lastCheckMs);
      expect(states).toEqual([probeState('eu-west', 'virginia', 2), probeState('eu-west', 'frankfurt', 3)]);
    });

    it('keeps the newer load report whatever order reports arrive in', async () => {
      await store.putLoad({ region: 'eu-west', load: 10, source: 'probe', atMs: 2_000 });
      await store.putLoad({ region: 'eu-west', load: 99, source: 'api', atMs: 1_000 });
      await store.putLoad({ region: 'us-east', load: 5, source: 'api', atMs: 1_000 });
      await store.putLoad({ region: 'us-east', load: 6, source: 'probe', atMs: 1_500 });
      const loads = [...(await store.loads())].sort((a, b) => a.region.localeCompare(b.region));
      expect(loads).toEqual([
        { region: 'eu-west', load: 10, source: 'probe', atMs: 2_000 },
        { region: 'us-east', load: 6, source: 'probe', atMs: 1_500 },
      ]);
      expect(await store.load('us-east')).toEqual({ region: 'us-east', load: 6, source: 'probe', atMs: 1_500 });
      expect(await store.load('ap-south')).toBeUndefined();
    });

    it('counts placements per region and second, shared, and drops the seconds before a read\'s cutoff', async () => {
      for (const [region, atMs] of [['eu-west', 10_100], ['eu-west', 10_900], ['eu-west', 11_000], ['us-east', 9_999], ['us-east', 12_500]] as const) {
        await store.recordPlacement(region, atMs);
      }
      const byKey = (counts: readonly { region: string; secondMs: number; count: number }[]) => [...counts].sort((a, b) => a.region.localeCompare(b.region) || a.secondMs - b.secondMs);
      expect(byKey(await store.placements(10_500))).toEqual([
        { region: 'eu-west', secondMs: 10_000, count: 2 },
        { region: 'eu-west', secondMs: 11_000, count: 1 },
        { region: 'us-east', secondMs: 12_000, count: 1 },
      ]);
      // The second before the cutoff (us-east at 9 s) is gone for every later reader.
      expect(byKey(await store.placements(0))).toHaveLength(3);
      expect(byKey(await store.placements(11_000)).map((c) => c.secondMs)).toEqual([11_000, 12_000]);
    });
  });
}
