/**
 * The demo's usage and the limits the demo stack alerts on agree: on any date of the next two
 * years, no project makes ApiRequestsHigh's 1000 API requests a minute or stores StorageAboveQuota's
 * 1 TiB, and no series comes near the forecaster's quota or capacity, so a quiet demo raises no alert (the stack's quiet test,
 * scripts/stack/quiet-demo.e2e.test.ts, shows it live).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseForecasterConfig } from '../forecaster/src/service/config';
import { DEMO_PROJECTS, DEMO_REGION_OFFSETS, storageBytes, usageBetween, usagePerMinute } from './usage-model';

const ROOT = join(__dirname, '..');
const REGIONS = Object.keys(DEMO_REGION_OFFSETS);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FROM = Date.now();
const TO = FROM + 2 * 365 * DAY;
/** Room for the forecast's own error: a forecast 7 days ahead does not run this far above the actuals. */
const FORECAST_MARGIN = 1.5;

const forecaster = parseForecasterConfig(readFileSync(join(ROOT, 'forecaster/config/forecaster.yml'), 'utf8'), 'forecaster.yml', {});
const limit = (metric: string) => forecaster.limits.find((l) => l.metric === metric)!;
const alerts = parse(readFileSync(join(ROOT, 'alert-rules/specs/alerts.yaml'), 'utf8')) as { alerts: Array<{ name: string; threshold: number; window?: string }> };
const alertSpec = (name: string) => alerts.alerts.find((a) => a.name === name)!;

describe('the demo usage against the demo limits, over the next two years', () => {
  it('keeps every project under ApiRequestsHigh, all regions added up, at every hour', () => {
    const alert = alertSpec('ApiRequestsHigh');
    expect(alert.window).toBe('1m');
    let most = 0;
    for (let t = FROM; t < TO; t += HOUR) {
      for (const project of DEMO_PROJECTS) most = Math.max(most, REGIONS.reduce((sum, region) => sum + usagePerMinute(project, region, 'api_requests', t), 0));
    }
    expect(most).toBeGreaterThan(0);
    // Hourly samples can miss the noisiest minute (noise is ±15 %): hence the margin.
    expect(most).toBeLessThan(alert.threshold * 0.7);
  });

  it("keeps every project's storage, all regions added up, under StorageAboveQuota", () => {
    const quota = alertSpec('StorageAboveQuota');
    let most = 0;
    for (let t = FROM; t < TO; t += 6 * HOUR) {
      for (const project of DEMO_PROJECTS) most = Math.max(most, REGIONS.reduce((sum, region) => sum + storageBytes(project, region, t), 0));
    }
    expect(most).toBeLessThan(quota.threshold * 0.8);
  });

  it('keeps every storage level well under the capacity limit', () => {
    let most = 0;
    for (let t = FROM; t < TO; t += 6 * HOUR) for (const project of DEMO_PROJECTS) for (const region of REGIONS) most = Math.max(most, storageBytes(project, region, t));
    expect(most * FORECAST_MARGIN).toBeLessThan(limit('storage_bytes').value);
  });

  it('keeps every daily participant-minutes total well under its quota', () => {
    const quota = limit('participant_minutes');
    let most = 0;
    for (let t = FROM; t < TO; t += DAY) {
      for (const region of REGIONS) most = Math.max(most, usageBetween(quota.project!, region, 'participant_minutes', t, t + DAY, HOUR));
    }
    expect(most * FORECAST_MARGIN).toBeLessThan(quota.value);
  });
});
