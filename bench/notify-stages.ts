/**
 * Where a trial's time to notify went, stage by stage: the exporter's probes of the region (read
 * from its regions API while the trial waits for the page), the scrape that first carried the
 * state down (the sample's timestamp in Prometheus), the evaluation that fired PulseRegionDown
 * (the alert's activeAt), then Alertmanager's group_wait and the webhook up to the page.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** How often the exporter's view of the region is read while a trial waits for its page. */
const EXPORTER_POLL_MS = 200;

export interface Stages {
  /** When the exporter recorded the first probe of the region that ended after the fault was set. */
  readonly firstProbeAtMs?: number;
  /** Probes recorded from the fault until the state read down (the one that made it down included). */
  readonly probesToDown: number;
  /** When the exporter recorded the probe that made the state down. */
  readonly downAtMs?: number;
  /** The timestamp of the first scrape whose sample says down. */
  readonly scrapedAtMs?: number;
  /** The evaluation that fired the alert (its activeAt). */
  readonly firedAtMs?: number;
}

interface RegionView {
  readonly health_status: string;
  readonly last_check: string | null;
}

export interface ExporterWatch {
  /** Stops reading; what the exporter showed until then. */
  stop(): Promise<Pick<Stages, 'firstProbeAtMs' | 'probesToDown' | 'downAtMs'>>;
}

/** Reads the region from the exporter every EXPORTER_POLL_MS from now until stop(). */
export function watchExporter(exporterUrl: string, region: string, sinceMs: number): ExporterWatch {
  const checks = new Set<number>();
  let downAtMs: number | undefined;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const view = (await (await fetch(`${exporterUrl}/api/v1/regions/${region}`)).json().catch(() => undefined)) as RegionView | undefined;
      const checkedAt = view?.last_check ? Date.parse(view.last_check) : undefined;
      if (checkedAt !== undefined && checkedAt >= sinceMs && downAtMs === undefined) {
        checks.add(checkedAt);
        if (view?.health_status === 'down') downAtMs = checkedAt;
      }
      await sleep(EXPORTER_POLL_MS);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      const sorted = [...checks].sort((a, b) => a - b);
      return { firstProbeAtMs: sorted[0], probesToDown: sorted.length, downAtMs };
    },
  };
}

/** The scrape that first carried the state down and the evaluation that fired the alert, read from Prometheus once the page came. */
export async function prometheusStages(prometheusUrl: string, alert: string, region: string, sinceMs: number, pagedAtMs: number): Promise<Pick<Stages, 'scrapedAtMs' | 'firedAtMs'>> {
  const query = new URLSearchParams({ query: `pulse_region_health_state{region="${region}",state="down"}[5m]`, time: String(pagedAtMs / 1000) });
  const series = (await (await fetch(`${prometheusUrl}/api/v1/query?${query}`)).json()) as { data: { result: Array<{ values: Array<[number, string]> }> } };
  const scraped = series.data.result
    .flatMap((s) => s.values)
    .filter(([at, value]) => at * 1000 >= sinceMs && value === '1')
    .map(([at]) => at * 1000)
    .sort((a, b) => a - b)[0];
  const alerts = (await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: Record<string, string>; activeAt: string }> } };
  const fired = alerts.data.alerts.find((a) => a.labels.alertname === alert && a.labels.region === region);
  return { scrapedAtMs: scraped, firedAtMs: fired ? Date.parse(fired.activeAt) : undefined };
}

/** Seconds from `from` to `to`, or "?" when a stage was not seen. */
export function stageSeconds(from: number | undefined, to: number | undefined): string {
  return from === undefined || to === undefined ? '?' : `${((to - from) / 1000).toFixed(1)} s`;
}
