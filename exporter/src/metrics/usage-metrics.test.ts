import { runTool } from '../testing/promtool';
import { seriesField } from '../store/usage-series';
import { createUsageExposition } from './usage-exposition';
import { renderUsageMetrics } from './usage-metrics';

describe('rendering usage totals as text', () => {
  const usage = createUsageExposition();
  usage.total(seriesField({ project: 'acme', region: 'eu-west', type: 'participant_minutes' }), '12.5');
  usage.total(seriesField({ project: 'acme', region: 'eu-west', type: 'storage_bytes' }), 1024);
  usage.total(seriesField({ project: 'globex', region: 'us-east', type: 'api_requests' }), '3');
  const text = Buffer.concat(
    renderUsageMetrics({
      usage,
      usageCounts: { accepted: 3, duplicate: 1, rejected: 2 },
      alertCounts: [{ alertname: 'RegionDown', severity: 'critical', status: 'firing', count: 4 }],
    }),
  ).toString();

  it('writes one family per usage type, with its series', () => {
    expect(text).toContain('# TYPE pulse_usage_participant_minutes_total counter\npulse_usage_participant_minutes_total{project="acme",region="eu-west"} 12.5\n');
    expect(text).toContain('# TYPE pulse_usage_storage_bytes gauge\npulse_usage_storage_bytes{project="acme",region="eu-west"} 1024\n');
    expect(text).toContain('pulse_usage_api_requests_total{project="globex",region="us-east"} 3\n');
    expect(text).toContain('pulse_usage_events_total{result="duplicate"} 1\n');
    expect(text).toContain('pulse_alert_notifications_total{alertname="RegionDown",severity="critical",status="firing"} 4\n');
  });

  it('passes promtool check metrics but for the billing units the design names in minutes', () => {
    // Participant and egress minutes are what projects are billed in, named so by the design;
    // promtool's lint would have them in seconds. Nothing else may be reported.
    const lint = runTool('promtool', ['check', 'metrics'], text);
    const findings = (lint.stdout + lint.stderr).split('\n').filter(Boolean);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding).toMatch(/^pulse_usage_(participant|egress)_minutes_total use base unit "seconds" instead of "minutes"$/);
  });
});
