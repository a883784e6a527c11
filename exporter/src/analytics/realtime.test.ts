import { notification } from '../store/store-contract';
import { MINUTE_MS, type RecentMinute, type RecentUsage } from '../store/recent-usage';
import type { ProjectTrigger } from '../project-alerts/trigger-types';
import { changeRate, renderRealtime, trendOf } from './realtime';
import { mergeTriggers, projectTrigger, ruleTriggers, type Trigger } from './triggers';

const END = Date.UTC(2026, 11, 7, 10, 30);
const NOW = END + 42_000; // 42 s into the minute: windows still end at its start
const at = (minutesBeforeEnd: number): number => END - minutesBeforeEnd * MINUTE_MS;
const minute = (minutesBeforeEnd: number, region: string, type: RecentMinute['type'], value: number): RecentMinute =>
  type === 'storage_bytes' ? { minuteMs: at(minutesBeforeEnd), region, type, value, atMs: at(minutesBeforeEnd) + 5_000 } : { minuteMs: at(minutesBeforeEnd), region, type, value };

const render = (recent: RecentUsage, triggers: readonly Trigger[] = []) => renderRealtime({ project: 'acme', nowMs: NOW, recent, triggers });
const metric = (doc: ReturnType<typeof render>, type: string) => doc.metrics.find((m) => m.type === type)!;

describe('the real-time document', () => {
  it('sums a counter over the 15 whole minutes before the current one and compares it with the 15 before', () => {
    const doc = render({
      minutes: [minute(1, 'eu', 'participant_minutes', 70), minute(15, 'us', 'participant_minutes', 50), minute(16, 'eu', 'participant_minutes', 100), minute(30, 'eu', 'participant_minutes', 1), minute(31, 'eu', 'participant_minutes', 999), minute(0, 'eu', 'participant_minutes', 999)],
      levels: [],
    });
    expect(metric(doc, 'participant_minutes')).toEqual({
      metric_name: 'Participant Minutes',
      type: 'participant_minutes',
      value: 120,
      unit: 'minutes',
      timestamp: '2026-12-07T10:30:00.000Z',
      trend: 'up',
      change_rate: 18.81,
      previous_value: 101,
      aggregation: 'sum',
      window_start: '2026-12-07T10:15:00.000Z',
      window_end: '2026-12-07T10:30:00.000Z',
    });
    expect(doc.timestamp).toBe('2026-12-07T10:30:00.000Z');
  });

  it('takes storage as the level at each window end, summed over regions, falling back to the stored level', () => {
    const doc = render({
      minutes: [minute(20, 'eu', 'storage_bytes', 1000), minute(5, 'eu', 'storage_bytes', 1100), minute(0, 'eu', 'storage_bytes', 5000)],
      levels: [
        { region: 'eu', type: 'storage_bytes', value: 5000, atMs: at(0) + 5_000 },
        { region: 'us', type: 'storage_bytes', value: 500, atMs: at(90) },
      ],
    });
    expect(metric(doc, 'storage_bytes')).toMatchObject({ metric_name: 'Storage Usage', unit: 'bytes', aggregation: 'level', value: 1600, previous_value: 1500, change_rate: 6.67, trend: 'up' });
  });

  it('calls a change within ±5 % stable, and a change from nothing +100 %', () => {
    expect([changeRate(105, 100), changeRate(95, 100), changeRate(105.01, 100), changeRate(0, 0), changeRate(3, 0), changeRate(0, 3)]).toEqual([5, -5, 5.01, 0, 100, -100]);
    expect([trendOf(5), trendOf(-5), trendOf(5.01), trendOf(-5.01)]).toEqual(['stable', 'stable', 'up', 'down']);
  });

  it('renders all five usage types with the design names and units, zero when nothing was used', () => {
    const doc = render({ minutes: [], levels: [] });
    expect(doc.metrics.map((m) => [m.metric_name, m.unit, m.value, m.trend, m.change_rate])).toEqual([
      ['Participant Minutes', 'minutes', 0, 'stable', 0],
      ['Egress Minutes', 'minutes', 0, 'stable', 0],
      ['Storage Usage', 'bytes', 0, 'stable', 0],
      ['Bandwidth Usage', 'bytes', 0, 'stable', 0],
      ['API Requests', 'requests', 0, 'stable', 0],
    ]);
    expect(doc.top_events).toEqual([]);
  });

  it('ranks top events by their share of the type in the current window', () => {
    const doc = render({
      minutes: [minute(3, 'eu', 'api_requests', 30), minute(3, 'us', 'api_requests', 10), minute(4, 'us', 'egress_minutes', 5), minute(20, 'ap', 'egress_minutes', 500)],
      levels: [],
    });
    expect(doc.top_events).toEqual([
      { region: 'us', type: 'egress_minutes', metric_name: 'Egress Minutes', value: 5, unit: 'minutes', share: 100 },
      { region: 'eu', type: 'api_requests', metric_name: 'API Requests', value: 30, unit: 'requests', share: 75 },
      { region: 'us', type: 'api_requests', metric_name: 'API Requests', value: 10, unit: 'requests', share: 25 },
    ]);
  });

  it('lists project and operator triggers as one list, newest first, and counts those not resolved as active', () => {
    const notifications = [
      notification({ fingerprint: 'resolved-one', status: 'resolved', endsAt: '2026-12-07T10:20:00Z', receivedAtMs: at(10) }),
      notification({ fingerprint: 'firing-one', alertname: 'UsageHigh', startsAt: '2026-12-07T10:05:00Z', annotations: { summary: 'usage high', value: '12', threshold: '10' }, receivedAtMs: at(11) }),
      notification({ fingerprint: 'resolved-one', receivedAtMs: at(12) }),
      notification({ fingerprint: 'firing-one', alertname: 'UsageHigh', startsAt: '2026-12-07T10:05:00Z', receivedAtMs: at(13) }),
      // A project alert's notification: listed from its lifecycle record instead.
      notification({ fingerprint: 'project-one', alertname: 'ProjectAlert', labels: { alertname: 'ProjectAlert', alert_id: 'a'.repeat(24) }, startsAt: '2026-12-07T10:10:00Z' }),
    ];
    const acknowledged: ProjectTrigger = {
      id: 'b'.repeat(24), project_id: 'acme', alert_id: 'a'.repeat(24), alert_name: 'Minutes surge', severity: 'high', status: 'acknowledged', value: 130, threshold: 100,
      triggered_at: '2026-12-07T10:10:00.000Z', acknowledged_at: '2026-12-07T10:12:00.000Z', acknowledged_by: 'alice', comment: null, resolved_at: null, resolved_by: null, silence_id: 's',
    };
    const triggers = mergeTriggers([projectTrigger(acknowledged)], ruleTriggers(notifications), 10);
    const doc = render({ minutes: [], levels: [] }, triggers);
    expect(doc.active_alerts).toBe(2);
    expect(doc.recent_triggers.map((t) => [t.source, t.acknowledgeable, t.alert_name, t.status, t.resolved_at])).toEqual([
      ['project', true, 'Minutes surge', 'acknowledged', null],
      ['rules', false, 'UsageHigh', 'triggered', null],
      ['rules', false, 'RegionDown', 'resolved', '2026-12-07T10:20:00.000Z'],
    ]);
    expect(doc.recent_triggers[0]).toMatchObject({ id: 'b'.repeat(24), message: 'Minutes surge: 130 against threshold 100', acknowledged_by: 'alice' });
    expect(triggers.find((t) => t.alert_name === 'UsageHigh')).toMatchObject({ message: 'usage high', value: 12, threshold: 10, id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('keeps only the newest firings up to the limit', () => {
    const firings = [1, 2, 3].map((i) => notification({ fingerprint: `f${i}`, startsAt: `2026-12-07T10:0${i}:00Z` }));
    expect(mergeTriggers([], ruleTriggers(firings), 2).map((t) => t.triggered_at)).toEqual(['2026-12-07T10:03:00.000Z', '2026-12-07T10:02:00.000Z']);
  });
});
