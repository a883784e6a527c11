/** Live counters and the probe-duration histogram, fed as probes finish (per process). */
import type { Registry } from 'prom-client';
import { exporterMetrics, regionMetrics } from '../../../common/metrics/catalogue';
import { counterOf, histogramOf } from '../../../common/metrics/prom';
import type { ProbeEventSink } from '../regions/region-monitor';

export interface ExporterEvents extends ProbeEventSink {
  /** Ticks of a region skipped because its previous probe was still running. */
  probeSkipped(region: string, ticks?: number): void;
  regionSelected(region: string, reason: string): void;
  configReloaded(success: boolean): void;
}

export function createExporterEvents(registry: Registry): ExporterEvents {
  const probes = counterOf(regionMetrics.probes, registry);
  const confirmations = counterOf(regionMetrics.confirmationProbes, registry);
  const durations = histogramOf(regionMetrics.probeDuration, registry);
  const transitions = counterOf(regionMetrics.healthTransitions, registry);
  const selections = counterOf(regionMetrics.selections, registry);
  const skipped = counterOf(exporterMetrics.probesSkipped, registry);
  const storeErrors = counterOf(exporterMetrics.storeErrors, registry);
  const reloads = counterOf(exporterMetrics.configReloads, registry);
  return {
    probeFinished(region, vantage, result) {
      const labels = { region, vantage, result: result.success ? 'success' : (result.reason ?? 'protocol_error') };
      // Confirmations follow failures only: kept apart, so probes and durations (and the SLOs on
      // them) stay a sample taken on the interval, not one weighted towards failures.
      if (result.confirmation) return confirmations.inc(labels);
      probes.inc(labels);
      durations.observe({ region, vantage }, result.durationSeconds);
    },
    stateChanged(region, vantage, { from, to }) {
      transitions.inc({ region, vantage, from, to });
    },
    storeFailed(operation) {
      storeErrors.inc({ operation });
    },
    probeSkipped(region, ticks = 1) {
      skipped.inc({ region }, ticks);
    },
    regionSelected(region, reason) {
      selections.inc({ region, reason });
    },
    configReloaded(success) {
      reloads.inc({ result: success ? 'success' : 'failure' });
    },
  };
}
