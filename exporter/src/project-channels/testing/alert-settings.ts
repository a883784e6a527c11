/** Test harness: project alert settings for tests that deliver to loopback receivers (fast backoff). Not a test itself. */
import type { ProjectAlertSettings } from '../../config/model';

export function testAlertSettings(delivery: Partial<ProjectAlertSettings['delivery']> = {}): ProjectAlertSettings {
  return {
    rulesDir: '/nonexistent',
    prometheusUrl: 'http://127.0.0.1:1',
    maxPerProject: 100,
    syncIntervalMs: 1000,
    runbookUrl: 'https://runbooks.example.com/pulse/projectalert',
    allowDestinations: ['127.0.0.1'],
    delivery: { initialBackoffMs: 100, maxBackoffMs: 1000, giveUpAfterMs: 60_000, ...delivery },
  };
}
