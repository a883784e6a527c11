/**
 * Section "Alerts at run time": a project alert made through the analytics API, timed on the local
 * stack as configured (scripts/stack: Redis, Prometheus and Alertmanager with the generated routing,
 * pulse-exporter writing the projects' rule files; scrapes and evaluations every 15 s). Each trial
 * is its own demo project with a webhook destination on a loopback receiver:
 *   1. POST /api/v1/analytics/alerts → the rule listed by Prometheus' /api/v1/rules;
 *   2. usage crossing the threshold → the project's webhook receives the triggered notification.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_REGIONS } from '../demo/simulator/default-regions';
import { startWebhookReceiver, type WebhookReceiver } from '../exporter/src/project-channels/testing/webhook-receiver';
import { createPrometheusApi, type PrometheusApi } from '../exporter/src/project-rules/prometheus-api';
import { eventually } from '../exporter/src/testing/exporter-process';
import { markdownTable, type Row, type SectionResult } from './report';
import type { SectionContext } from './section';
import { startStackOnSimulator } from './stack-on-simulator';
import { summarize, type Summary } from './stats';

const FULL_TRIALS = 10;
const QUICK_TRIALS = 2;
/** Trials start this far apart, so they fall at different points of the 15 s scrape and evaluation cycles. */
const TRIAL_STAGGER_MS = 3700;
/** The alert: more than THRESHOLD participant minutes over DURATION_MINUTES. */
const DURATION_MINUTES = 1;
const THRESHOLD = 100;
/** After the crossing, usage keeps coming (the increase over the window stays above the threshold) every this often. */
const USAGE_EVERY_MS = 5000;
const CROSSING_VALUE = 150;
/** Goals of issue 12. */
const LOAD_GOAL_S = 5;
const NOTIFY_GOAL_S = DURATION_MINUTES * 60 + 45;
/** A trial's rule or notification must come within this, or the section fails. */
const TRIAL_TIMEOUT_MS = 300_000;
/** The stack's pattern projects are demo-*; the stack admits 20. */
const projectOf = (trial: number): string => `demo-alerts-${trial}`;

interface Trial {
  readonly project: string;
  readonly loadSeconds: number;
  readonly notifySeconds: number;
}

interface Lab {
  readonly exporter: string;
  readonly key: string;
  readonly prometheus: PrometheusApi;
  readonly hook: WebhookReceiver;
}

async function api(lab: Lab, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${lab.exporter}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

let sequence = 0;
function sendUsage(lab: Lab, project: string, value: number): Promise<Record<string, unknown>> {
  const event = { id: `alerts-bench-${process.pid}-${++sequence}`, project, region: DEFAULT_REGIONS[0].code, type: 'participant_minutes', value, timestamp: new Date().toISOString() };
  return api(lab, 'POST', '/api/v1/usage/events', { events: [event] });
}

async function ruleLoaded(prometheus: PrometheusApi, alertId: string): Promise<true | undefined> {
  const groups = await prometheus.ruleGroups();
  return groups.some((g) => g.rules.some((r) => r.labels?.alert_id === alertId)) ? true : undefined;
}

/** Milliseconds since the epoch at which the project's webhook got the alert's triggered notification, or undefined. */
function triggeredAt(hook: WebhookReceiver, alertId: string): number | undefined {
  return hook.requests().find((r) => {
    const message = JSON.parse(r.body) as { alert_id?: string; status?: string };
    return r.status === 200 && message.alert_id === alertId && message.status === 'triggered';
  })?.receivedAt;
}

async function runTrial(lab: Lab, trial: number): Promise<Trial> {
  const project = projectOf(trial);
  // A first sample of the counter, scraped, so the crossing is an increase Prometheus can see.
  await sendUsage(lab, project, 1);
  await api(lab, 'PUT', `/api/v1/analytics/channels/${project}`, { webhook: { url: lab.hook.url } });
  await eventually(`Prometheus to scrape ${project}'s usage`, async () => ((await lab.prometheus.query(`pulse_usage_participant_minutes_total{project="${project}"}`)).length > 0 ? true : undefined), TRIAL_TIMEOUT_MS);

  const posted = performance.now();
  const created = await api(lab, 'POST', '/api/v1/analytics/alerts', {
    project_id: project,
    metric_name: 'participant_minutes',
    alert_name: 'Minutes surge',
    condition: 'gt',
    threshold: THRESHOLD,
    duration: DURATION_MINUTES,
    severity: 'high',
    notification_channels: ['webhook'],
  });
  const alertId = String(created.id);
  await eventually(`Prometheus to load ${project}'s rule`, () => ruleLoaded(lab.prometheus, alertId), TRIAL_TIMEOUT_MS);
  const loadSeconds = (performance.now() - posted) / 1000;

  await sendUsage(lab, project, CROSSING_VALUE);
  const crossedAt = Date.now();
  let notified: number | undefined;
  while ((notified = triggeredAt(lab.hook, alertId)) === undefined) {
    if (Date.now() - crossedAt > TRIAL_TIMEOUT_MS) throw new Error(`${project}: no triggered notification at the webhook ${TRIAL_TIMEOUT_MS / 1000} s after the crossing`);
    await sleep(USAGE_EVERY_MS);
    await sendUsage(lab, project, CROSSING_VALUE);
  }
  return { project, loadSeconds, notifySeconds: (notified - crossedAt) / 1000 };
}

export async function runAlertsRuntime(ctx: SectionContext): Promise<SectionResult> {
  const trials = ctx.quick ? QUICK_TRIALS : FULL_TRIALS;
  const { stack } = await startStackOnSimulator(ctx, 'alerts');
  const hook = await startWebhookReceiver('/hook');
  ctx.scope.defer('stop the webhook receiver', () => hook.close());
  const lab: Lab = { exporter: stack.urls.exporter, key: readFileSync(join(stack.secretsDir, 'demo-key'), 'utf8').trim(), prometheus: createPrometheusApi(stack.urls.prometheus), hook };
  ctx.log(`alerts: ${trials} trials, each its own project, starting ${TRIAL_STAGGER_MS / 1000} s apart`);
  const done = await Promise.all(
    Array.from({ length: trials }, async (_, trial) => {
      await sleep(trial * TRIAL_STAGGER_MS);
      const result = await runTrial(lab, trial);
      ctx.log(`alerts: ${result.project}: rule loaded ${result.loadSeconds.toFixed(2)} s after POST, webhook ${result.notifySeconds.toFixed(1)} s after the crossing`);
      return result;
    }),
  );
  return alertsResult(done);
}

function alertsResult(trials: readonly Trial[]): SectionResult {
  const load = summarize(trials.map((t) => t.loadSeconds));
  const notify = summarize(trials.map((t) => t.notifySeconds));
  const text = (s: Summary, digits: number): string => `${s.p50.toFixed(digits)} s (max ${s.max.toFixed(digits)} s)`;
  const rows: Row[] = [
    { figure: `POST /api/v1/analytics/alerts → rule loaded in Prometheus, ${trials.length} trials: p50 (max)`, pulse: text(load, 2), goal: `max < ${LOAD_GOAL_S} s`, met: load.max < LOAD_GOAL_S },
    {
      figure: `usage crossing → the project's webhook (duration ${DURATION_MINUTES} m), ${trials.length} trials: p50 (max)`,
      pulse: text(notify, 1),
      goal: `max < duration + 45 s (${NOTIFY_GOAL_S} s)`,
      met: notify.max < NOTIFY_GOAL_S,
    },
  ];
  const detail = markdownTable(
    ['trial', 'project', 'POST → rule loaded', 'crossing → webhook'],
    trials.map((t, index) => [String(index + 1), t.project, `${t.loadSeconds.toFixed(2)} s`, `${t.notifySeconds.toFixed(1)} s`]),
  );
  return {
    title: 'Alerts at run time',
    rows,
    details: [detail],
    notes: [
      'The local stack (scripts/stack/run-stack.ts) as configured: Redis, Prometheus with the projects\' rule files, Alertmanager with the generated routing (project alerts reach the exporter through the history webhook), pulse-exporter; scrapes and rule evaluations every 15 s. Each trial is its own demo project whose webhook destination is a receiver on loopback; trials start 3.7 s apart, so they fall at different points of the 15 s cycles.',
      `Rule loaded: from sending POST /api/v1/analytics/alerts (participant_minutes gt ${THRESHOLD} over ${DURATION_MINUTES} m) until Prometheus' /api/v1/rules lists a rule with the alert's alert_id (polled every 50 ms): the store write, the rule file written whole, Prometheus' reload.`,
      `Crossing: the moment the exporter acknowledged the usage event that takes the increase over the alert's window past the threshold (${CROSSING_VALUE} minutes after a first, already scraped, event of 1); usage keeps coming every ${USAGE_EVERY_MS / 1000} s so the condition holds. Webhook: the moment the receiver got the signed triggered notification. In between: the next scrape, the next evaluation, for: ${DURATION_MINUTES}m, Alertmanager's group_wait on the history route, the exporter's delivery.`,
    ],
  };
}
