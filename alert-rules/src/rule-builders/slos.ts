/**
 * SLOs on region availability and probe latency: error ratios over the multi-window set,
 * error budget recording rules, and multi-window multi-burn-rate alerts (Google SRE workbook):
 * page on 2 % of the budget in 1 h or 5 % in 6 h, ticket on 10 % in 1 d or 10 % in 3 d. For a
 * 30-day period that is 14.4×, 6×, 3× and 1×; other periods scale the factors. A `tier` label lets
 * a page inhibit the ticket of the same SLO and region.
 */
import { PROBE_DURATION_BUCKETS, regionMetrics } from '../../../common/metrics/catalogue';
import type { ConfigProblem } from '../../../common/config/errors';
import type { RoutingSpec } from '../alertmanager';
import type { AlertingRule, AlertTests, InputSeries, RecordingRule, RuleFile } from '../model/types';
import { derived, dur, matchers, num, seconds } from '../render/promql';
import type { Located } from '../spec-files/load-specs';
import type { SlosSpec } from '../spec-files/schema';
import { alertTests, makeAlert } from './alert-rule';

type Slo = SlosSpec['slos'][number];

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
const FILE = 'slos.rules.yml';

/** Budget share consumed within the long window, and the window pairs, per tier. */
const BURNS = {
  page: [
    { share: 0.02, long: '1h', short: '5m' },
    { share: 0.05, long: '6h', short: '30m' },
  ],
  ticket: [
    { share: 0.1, long: '1d', short: '2h' },
    { share: 0.1, long: '3d', short: '6h' },
  ],
} as const;

export const errorRatioRecord = (window: string) => `slo:sli_error:ratio_rate${dur(window)}`;

function errorRatioExpr(slo: Slo, window: string): string {
  const w = dur(window);
  if (slo.sli === 'availability') {
    const probes = regionMetrics.probes.name;
    return `1 - (sum by (region) (rate(${probes}{result="success"}[${w}])) / sum by (region) (rate(${probes}[${w}])))`;
  }
  const hist = regionMetrics.probeDuration.name;
  const le = num(seconds(slo.threshold!));
  return `1 - (sum by (region) (rate(${hist}_bucket{le="${le}"}[${w}])) / sum by (region) (rate(${hist}_count[${w}])))`;
}

export function burnFactor(share: number, longWindow: string, period: string): number {
  return (share * seconds(period)) / seconds(longWindow);
}

function sloRecords(slo: Slo, period: string): RecordingRule[] {
  const labels = { slo: slo.name };
  const sel = matchers(labels);
  const rules: RecordingRule[] = WINDOWS.map((w) => ({ kind: 'record', record: errorRatioRecord(w), expr: errorRatioExpr(slo, w), labels }));
  // The period ratio averages the 5-minute ratios, which is far cheaper than a raw 30-day rate.
  rules.push({ kind: 'record', record: errorRatioRecord(period), expr: `avg_over_time(${errorRatioRecord('5m')}${sel}[${dur(period)}])`, labels });
  rules.push({ kind: 'record', record: 'slo:objective:ratio', expr: `vector(${num(slo.objective)})`, labels });
  rules.push({ kind: 'record', record: 'slo:error_budget:ratio', expr: `vector(${derived(1 - slo.objective)})`, labels });
  rules.push({
    kind: 'record',
    record: 'slo:error_budget_remaining:ratio',
    expr: `1 - (${errorRatioRecord(period)}${sel} / ${derived(1 - slo.objective)})`,
    labels,
  });
  return rules;
}

function burnAlert(slo: Slo, spec: SlosSpec, tier: 'page' | 'ticket', routing: RoutingSpec): AlertingRule {
  const budget = 1 - slo.objective;
  const sel = matchers({ slo: slo.name });
  const conditions = BURNS[tier].map(({ share, long, short }) => {
    const threshold = derived(burnFactor(share, long, spec.period) * budget);
    return `(${errorRatioRecord(short)}${sel} > ${threshold} and ${errorRatioRecord(long)}${sel} > ${threshold})`;
  });
  const factors = BURNS[tier].map(({ share, long }) => `${derived(burnFactor(share, long, spec.period))}×`).join(' or ');
  return makeAlert(
    {
      alert: 'PulseSLOErrorBudgetBurn',
      expr: conditions.join(' or '),
      severity: tier === 'page' ? 'critical' : 'medium',
      labels: { slo: slo.name, tier },
      summary: `SLO ${slo.name} of region {{ $labels.region }} burns its error budget fast (${tier})`,
      description: `${slo.description} The error budget of ${derived(budget * 100)} % over ${spec.period} burns at ${factors} the sustainable rate in region {{ $labels.region }}.`,
      runbookUrl: `${spec.runbook_base_url.replace(/\/$/, '')}/slo-${slo.name}`,
    },
    routing,
  );
}

const REPLICA = { instance: 'exporter-1:9470', job: 'pulse-exporter', vantage: 'v1', region: 'eu-west' };

/** Probe counters whose error ratio is `ratio` (per minute: 1000 probes). */
function traffic(slo: Slo, ratio: number): InputSeries[] {
  const bad = derived(1000 * ratio);
  const good = derived(1000 * (1 - ratio));
  if (slo.sli === 'availability') {
    const name = regionMetrics.probes.name;
    return [
      { series: `${name}${matchers({ ...REPLICA, result: 'success' })}`, values: `0+${good}x120` },
      { series: `${name}${matchers({ ...REPLICA, result: 'timeout' })}`, values: `0+${bad}x120` },
    ];
  }
  const name = regionMetrics.probeDuration.name;
  const le = num(seconds(slo.threshold!));
  return [
    { series: `${name}_bucket${matchers({ ...REPLICA, le })}`, values: `0+${good}x120` },
    { series: `${name}_count${matchers(REPLICA)}`, values: `0+1000x120` },
  ];
}

function sloTests(slo: Slo, period: string, page: AlertingRule, ticket: AlertingRule): AlertTests {
  const budget = 1 - slo.objective;
  const labels = { region: 'eu-west' };
  // Between the ticket's fastest factor and the page's slowest one: a ticket, no page.
  const ticketOnly = ((burnFactor(0.1, '1d', period) + burnFactor(0.05, '6h', period)) / 2) * budget;
  return alertTests('PulseSLOErrorBudgetBurn', [FILE], [
    { name: `${slo.name}: a fast burn pages (and tickets)`, inputSeries: traffic(slo, Math.min(0.5, 20 * budget)), firingAt: [{ time: '30m', alerts: [{ rule: page, labels }, { rule: ticket, labels }] }] },
    { name: `${slo.name}: a slow burn opens a ticket only`, inputSeries: traffic(slo, ticketOnly), firingAt: [{ time: '30m', alerts: [{ rule: ticket, labels }] }] },
    { name: `${slo.name}: within budget stays quiet`, inputSeries: traffic(slo, budget / 2), quietAt: ['30m', '110m'] },
  ]);
}

export function checkSlos(located: Located<SlosSpec>, problems: ConfigProblem[]): void {
  const { spec, at } = located;
  spec.slos.forEach((slo, index) => {
    const path = ['slos', index, 'threshold'];
    if (slo.sli === 'latency' && slo.threshold === undefined) problems.push({ file: at.file, line: at.lineOf(['slos', index]), path, message: 'is required for a latency SLO' });
    if (slo.sli === 'latency' && slo.threshold !== undefined && !PROBE_DURATION_BUCKETS.includes(seconds(slo.threshold) as (typeof PROBE_DURATION_BUCKETS)[number])) {
      problems.push({ file: at.file, line: at.lineOf(path), path, message: `must be a bucket boundary of ${regionMetrics.probeDuration.name} (${PROBE_DURATION_BUCKETS.map((b) => `${b * 1000}ms`).join(', ')}) (got ${slo.threshold})` });
    }
    if (spec.slos.findIndex((s) => s.name === slo.name) !== index) problems.push({ file: at.file, line: at.lineOf(['slos', index, 'name']), path: ['slos', index, 'name'], message: `is a duplicate (got "${slo.name}")` });
  });
}

export function buildSlos(spec: SlosSpec, routing: RoutingSpec): { file: RuleFile; tests: AlertTests[] } {
  const groups = spec.slos.map((slo) => {
    const page = burnAlert(slo, spec, 'page', routing);
    const ticket = burnAlert(slo, spec, 'ticket', routing);
    return { group: { name: `pulse-slo-${slo.name}`, rules: [...sloRecords(slo, spec.period), page, ticket] }, tests: sloTests(slo, spec.period, page, ticket) };
  });
  return { file: { name: 'slos', groups: groups.map((g) => g.group) }, tests: groups.map((g) => g.tests) };
}
