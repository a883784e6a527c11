import { loadSpecs, readSpecFolder } from '../../../alert-rules/src/spec-files/load-specs';
import { SPEC_FOLDER } from './load-dashboard-inputs';
import { dashboardInputsFrom } from './dashboard-inputs';

const specsWithAggregates = (replace: (text: string) => string) =>
  loadSpecs(readSpecFolder(SPEC_FOLDER).map((source) => (source.file.endsWith('aggregates.yaml') ? { ...source, text: replace(source.text) } : source)));

describe('what the dashboards take from the rule specs', () => {
  it('names the recording rules the way the rules generator does', () => {
    const inputs = dashboardInputsFrom(loadSpecs(readSpecFolder(SPEC_FOLDER)));
    expect(inputs.usage.participant_minutes).toEqual({
      hourly: 'project_region:pulse_usage_participant_minutes:increase1h',
      daily: 'project_region:pulse_usage_participant_minutes:increase1d',
      trendWindow: 'project_region:pulse_usage_participant_minutes:increase15m',
    });
    expect(inputs.usage.storage_bytes.daily).toBe('project_region:pulse_usage_storage_bytes:delta1d');
    expect(inputs.latencyQuantiles.map((q) => q.record)).toEqual([
      'region:pulse_region_probe_duration_seconds:p50_rate5m',
      'region:pulse_region_probe_duration_seconds:p95_rate5m',
      'region:pulse_region_probe_duration_seconds:p99_rate5m',
    ]);
    expect(inputs.thresholds).toEqual({ loadHigh: 0.85, nearCapacity: 0.95, latencyQuantile: 0.95, latencyHighSeconds: 0.5, forecastWithinDays: 7, tlsWarnDays: 14, tlsCriticalDays: 3 });
    expect(inputs.jobs).toEqual({ exporter: 'pulse-exporter', forecaster: 'pulse-forecaster' });
  });

  it('accepts a window spelled another way (60m for 1h)', () => {
    const inputs = dashboardInputsFrom(specsWithAggregates((text) => text.replace('windows: [1h, 1d, 7d, 30d]', 'windows: [60m, 1d]')));
    expect(inputs.usage.api_requests.hourly).toBe('project_region:pulse_usage_api_requests:increase1h');
  });

  it('refuses specs without the hourly window the dashboards need, naming the file', () => {
    const specs = specsWithAggregates((text) => text.replace('windows: [1h, 1d, 7d, 30d]', 'windows: [1d, 7d]'));
    expect(() => dashboardInputsFrom(specs)).toThrow(/aggregates\.yaml: usage\.windows: the dashboards need a 1h window \(got 1d, 7d\)$/);
  });
});
