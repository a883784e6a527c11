import { toNotifications } from '../exporter/src/alerts/webhook-payload';
import { notificationTrigger } from '../exporter/src/analytics/triggers';
import { frameOf } from '../exporter/src/live/events';
import { liveSample } from './live-message';

describe('liveSample', () => {
  it("measures an alert from the webhook's arrival, as the exporter frames it", () => {
    // The first full run of the Live section counted none of 100,000 deliveries: the clients read a
    // received_at from the frame's data, which the trigger no longer carries.
    const receivedAtMs = Date.parse('2026-12-07T15:00:00.250Z');
    const payload = {
      version: '4', status: 'firing', receiver: 'pulse', groupKey: 'g', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am',
      alerts: [{ status: 'firing', labels: { alertname: 'BenchLiveFanOut', project: 'p0', severity: 'warning' }, annotations: { summary: 'bench' }, startsAt: '2026-12-07T14:59:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'f1' }],
    };
    const [notification] = toNotifications(payload as never, receivedAtMs);
    const frame = frameOf({ type: 'alertNotification', project: 'p0', atMs: notification.receivedAtMs }, '1-0', notificationTrigger(notification));
    expect(liveSample(frame, receivedAtMs + 37)).toEqual({ kind: 'alert', ms: 37 });
  });

  it('measures a dashboard update from its 5-second boundary, and ignores other messages', () => {
    const tick = Date.parse('2026-12-07T15:00:05.000Z');
    const frame = frameOf({ type: 'dashboardUpdate', project: 'p0', atMs: tick }, '2-0', {});
    expect(liveSample(frame, tick + 120)).toEqual({ kind: 'dashboard', ms: 120 });
    expect(liveSample(JSON.stringify({ type: 'error', reason: 'x' }), tick)).toBeUndefined();
  });
});
