/**
 * Section 5, time to notify: a region goes down in the simulator → the exporter's probes see it →
 * Prometheus evaluates the generated PulseRegionDown (no for) → Alertmanager routes it to the
 * pager → the page reaches the pager's webhook. Measured on the local stack
 * (scripts/stack/run-stack.ts) as configured — probes, scrapes and evaluations every 15 s, the
 * generated alertmanager.yml with the pager route's own group_wait — whose receivers post to the
 * stack's notification sink instead of a paging service. Each trial: down → wait for the firing
 * page → up → wait for the resolved one. Meanwhile one more region loses one probe in ten for the
 * whole loss run, which must page no one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_REGIONS } from '../demo/simulator/default-regions';
import { eventually } from '../exporter/src/testing/exporter-process';
import type { Notification, NotificationSink } from '../scripts/stack/notification-sink';
import { prometheusStages, stageSeconds, watchExporter, type Stages } from './notify-stages';
import { markdownTable, type Row, type SectionResult } from './report';
import type { SectionContext } from './section';
import type { SimulatorProcess } from './simulator';
import { startStackOnSimulator } from './stack-on-simulator';
import { summarize, type Summary } from './stats';

const ALERT = 'PulseRegionDown';
/** Regions taking trials at once, each its own alert group; staggered so they do not share evaluation ticks. */
const FULL_LANES = 5;
const FULL_TRIALS = 10;
const LANE_STAGGER_MS = 7300;
/** The loss run: one probe in LOSS_DROP_EVERY dropped unanswered, for this long. */
const LOSS_DROP_EVERY = 10;
const FULL_LOSS_MINUTES = 10;
const QUICK_LOSS_MINUTES = 3;
/** How often the loss run samples the region's health as the exporter shows it. */
const HEALTH_SAMPLE_MS = 5000;
/**
 * Between a region's trials: past Alertmanager's maintenance (every 30 s in 0.25), which drops the
 * group emptied by the resolved page. It does not make the next trial a first outage: Prometheus
 * resends the resolved alert every minute for 15 minutes and each resend re-creates the group for
 * a while (group_wait, then until the next maintenance), so whether a repeat outage meets a group
 * that has flushed, and waits for its group_interval tick, depends on where it falls in that minute.
 */
const GROUP_GC_WAIT_MS = 35_000;
/** One trial's page or resolution must arrive within this, or the section fails. */
const TRIAL_TIMEOUT_MS = 300_000;

interface Trial {
  readonly region: string;
  /** Not the region's first outage of the run: Alertmanager may still hold its group (see the notes). */
  readonly repeat: boolean;
  readonly notifySeconds: number;
  readonly resolveSeconds: number;
  readonly downAtMs: number;
  readonly pagedAtMs: number;
  readonly stages: Stages;
}

interface LossRun {
  readonly region: string;
  readonly minutes: number;
  /** Pages of PulseRegionDown about the region: false ones, since it never went down. */
  readonly falsePages: number;
  /** Other alerts that paged about the region, by name (an SLO may rightly burn at 10 % failed probes). */
  readonly otherPages: readonly string[];
  readonly samples: number;
  readonly healthySamples: number;
}

/** A page (the pager receiver's webhook) about the region's PulseRegionDown in this status, received since then. */
function pageAfter(sink: NotificationSink, region: string, status: 'firing' | 'resolved', sinceMs: number): Notification | undefined {
  return sink
    .received()
    .find(
      (n) =>
        isPage(n) &&
        Date.parse(n.received_at) >= sinceMs &&
        n.alerts.some((alert) => alert.status === status && alert.labels.alertname === ALERT && alert.labels.region === region),
    );
}

function isPage(notification: Notification): boolean {
  return notification.receiver === 'pager' && notification.via === 'webhook';
}

interface StackUrls {
  readonly exporter: string;
  readonly prometheus: string;
}

async function runTrial(simulator: SimulatorProcess, sink: NotificationSink, urls: StackUrls, region: string, repeat: boolean): Promise<Trial> {
  await simulator.setFault(region, 'down');
  const downAt = Date.now();
  const watch = watchExporter(urls.exporter, region, downAt);
  const firing = await eventually(`a page for ${ALERT} in ${region}`, async () => pageAfter(sink, region, 'firing', downAt), TRIAL_TIMEOUT_MS).finally(
    // Stops reading the exporter on a timeout too; the stages are read below only after a page.
    () => watch.stop(),
  );
  const pagedAt = Date.parse(firing.received_at);
  const exporterStages = await watch.stop();
  const promStages = await prometheusStages(urls.prometheus, ALERT, region, downAt, pagedAt).catch(() => ({}));
  await simulator.setFault(region, 'none');
  const upAt = Date.now();
  const resolved = await eventually(`the resolved page for ${region}`, async () => pageAfter(sink, region, 'resolved', upAt), TRIAL_TIMEOUT_MS);
  return {
    region,
    repeat,
    notifySeconds: (pagedAt - downAt) / 1000,
    resolveSeconds: (Date.parse(resolved.received_at) - upAt) / 1000,
    downAtMs: downAt,
    pagedAtMs: pagedAt,
    stages: { ...exporterStages, ...promStages },
  };
}

export async function runNotify(ctx: SectionContext): Promise<SectionResult> {
  const lanes = ctx.quick ? 1 : FULL_LANES;
  const trials = ctx.quick ? 1 : FULL_TRIALS;
  const { simulator, stack } = await startStackOnSimulator(ctx, 'notify');
  const regions = DEFAULT_REGIONS.slice(0, lanes).map((region) => region.code);
  await eventually(
    'every region healthy and scraped by Prometheus',
    async () => {
      const health = (await (await fetch(`${stack.urls.exporter}/api/v1/regions`)).json()) as { regions: Array<{ code: string; health_status: string }> };
      if (!health.regions.every((r) => r.health_status === 'healthy')) return undefined;
      const query = await fetch(`${stack.urls.prometheus}/api/v1/query?${new URLSearchParams({ query: 'count(pulse_region_health_state{state="healthy"} == 1)' })}`);
      const body = (await query.json()) as { data: { result: Array<{ value: [number, string] }> } };
      return Number(body.data.result[0]?.value[1] ?? 0) >= DEFAULT_REGIONS.length ? true : undefined;
    },
    // Three 15 s probes to leave unknown, then a scrape.
    120_000,
  );

  const lossRegion = DEFAULT_REGIONS[lanes].code;
  const lossMinutes = ctx.quick ? QUICK_LOSS_MINUTES : FULL_LOSS_MINUTES;
  ctx.log(`notify: ${trials} trials, ${lanes} regions at a time; ${lossRegion} loses one probe in ${LOSS_DROP_EVERY} for ${lossMinutes} min meanwhile`);
  const [done, loss] = await Promise.all([
    runTrials(ctx, simulator, stack.notifications, stack.urls, regions, trials),
    runLoss(simulator, stack.notifications, stack.urls.exporter, lossRegion, lossMinutes),
  ]);
  return notifyResult(done, lanes, loss);
}

async function runTrials(ctx: SectionContext, simulator: SimulatorProcess, sink: NotificationSink, urls: StackUrls, regions: readonly string[], trials: number): Promise<Trial[]> {
  const done: Trial[] = [];
  const perLane = Math.ceil(trials / regions.length);
  await Promise.all(
    regions.map(async (region, lane) => {
      await sleep(lane * LANE_STAGGER_MS);
      for (let trial = 0; trial < perLane && lane * perLane + trial < trials; trial++) {
        const result = await runTrial(simulator, sink, urls, region, trial > 0);
        ctx.log(`notify: ${region}: paged after ${result.notifySeconds.toFixed(1)} s, resolved after ${result.resolveSeconds.toFixed(1)} s`);
        done.push(result);
        await sleep(GROUP_GC_WAIT_MS);
      }
    }),
  );
  return done;
}

/** One probe in ten lost for the whole run: every page about the region is a false one. */
async function runLoss(simulator: SimulatorProcess, sink: NotificationSink, exporterUrl: string, region: string, minutes: number): Promise<LossRun> {
  await simulator.setFault(region, { mode: 'loss', dropEvery: LOSS_DROP_EVERY });
  const startedAt = Date.now();
  let samples = 0;
  let healthySamples = 0;
  while (Date.now() - startedAt < minutes * 60_000) {
    await sleep(HEALTH_SAMPLE_MS);
    const { health_status: status } = (await (await fetch(`${exporterUrl}/api/v1/regions/${region}`)).json()) as { health_status: string };
    samples += 1;
    if (status === 'healthy') healthySamples += 1;
  }
  await simulator.setFault(region, 'none');
  const paged = sink
    .received()
    .filter((n) => isPage(n) && Date.parse(n.received_at) >= startedAt)
    .flatMap((n) => n.alerts.filter((alert) => alert.status === 'firing' && alert.labels.region === region).map((alert) => alert.labels.alertname));
  const falsePages = paged.filter((name) => name === ALERT).length;
  return { region, minutes, falsePages, otherPages: paged.filter((name) => name !== ALERT), samples, healthySamples };
}

/** "none", or each alert name with how often it paged. */
function otherPagesText(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name} × ${count}`).join(', ');
}

function notifyResult(trials: readonly Trial[], lanes: number, loss: LossRun): SectionResult {
  const notify = summarize(trials.map((t) => t.notifySeconds));
  const resolve = summarize(trials.map((t) => t.resolveSeconds));
  const text = (s: Summary): string => `${s.p50.toFixed(1)} s (p99 ${s.p99.toFixed(1)} s, max ${s.max.toFixed(1)} s)`;
  const rows: Row[] = [
    { figure: `region down → page at the pager's webhook, ${trials.length} trials: p50 (p99, max)`, pulse: text(notify), goal: 'p50 < 60 s', met: notify.p50 < 60 },
    ...(['first', 'repeat'] as const).map((kind) => {
      const some = trials.filter((t) => t.repeat === (kind === 'repeat'));
      const s = summarize(some.map((t) => t.notifySeconds));
      return { figure: `… of which ${kind === 'first' ? "the region's first outage" : 'a repeat outage, minutes after the last'}, ${some.length} trials: p50 (max)`, pulse: some.length > 0 ? `${s.p50.toFixed(1)} s (max ${s.max.toFixed(1)} s)` : 'n/a' };
    }),
    { figure: `region back → resolved page, ${trials.length} trials: p50 (p99, max)`, pulse: text(resolve) },
    {
      figure: `false ${ALERT} pages in a ${loss.minutes}-minute run with 1 probe in ${LOSS_DROP_EVERY} lost (${loss.region})`,
      pulse: String(loss.falsePages),
      goal: '0',
      met: loss.falsePages === 0,
    },
    { figure: `other pages about ${loss.region} during the loss run`, pulse: otherPagesText(loss.otherPages) },
    { figure: `${loss.region} shown healthy during the loss run (samples every ${HEALTH_SAMPLE_MS / 1000} s)`, pulse: `${loss.healthySamples} of ${loss.samples}` },
  ];
  const detail = markdownTable(
    ['trial', 'region', 'outage', 'down → paged', 'up → resolved page', '→ 1st probe', '→ state down (probes)', '→ scraped', '→ evaluated', '→ paged'],
    trials.map((t, index) => {
      const { firstProbeAtMs, probesToDown, downAtMs, scrapedAtMs, firedAtMs } = t.stages;
      return [
        String(index + 1),
        t.region,
        t.repeat ? 'repeat' : 'first',
        `${t.notifySeconds.toFixed(1)} s`,
        `${t.resolveSeconds.toFixed(1)} s`,
        stageSeconds(t.downAtMs, firstProbeAtMs),
        `${stageSeconds(firstProbeAtMs, downAtMs)} (${probesToDown})`,
        stageSeconds(downAtMs, scrapedAtMs),
        stageSeconds(scrapedAtMs, firedAtMs),
        stageSeconds(firedAtMs, t.pagedAtMs),
      ];
    }),
  );
  return {
    title: 'Time to notify',
    rows,
    details: [detail],
    notes: [
      "The local stack (scripts/stack/run-stack.ts) with Redis, Prometheus 2.42 with the generated rules, Alertmanager 0.25 with the generated routing and pulse-exporter, all as configured: probes every 15 s (timeout 5 s, health window 5, down after 3, back after 3 in a row, a failure confirmed by probing again 3 s after it), scrape and rule evaluation every 15 s, PulseRegionDown without a for (it pages at the first evaluation that sees the state down), the pager route's group_wait 5 s and group_interval 15 s (specs/routing.yaml). Only the regions' probe targets are changed, to the demo's six regions on the bench's own simulator (free ports); the stack's receivers post to its notification sink on loopback instead of a paging service.",
      "Down: the simulator closes the region's listeners; paged: the moment the notification sink received the pager receiver's webhook notification carrying the firing PulseRegionDown of that region, minus the moment the fault was set. Resolved: the same for the resolved page after the fault is cleared (Alertmanager sends it at the pager route's next group_interval tick). The stage columns split down → paged: → 1st probe, the first probe the exporter recorded after the fault; → state down, from that probe to the one that made the state down (in brackets, the probes recorded, that one included; read from the exporter's regions API every 0.2 s); → scraped, to the timestamp of the first scrape whose pulse_region_health_state says down; → evaluated, to the alert's activeAt in Prometheus (the evaluation that fired it); → paged, to the page (Alertmanager's group_wait, or the group_interval tick of a repeat, and the webhook).",
      `${lanes} regions take trials at the same time, their starts ${LANE_STAGGER_MS / 1000} s apart; each region is its own alert group (grouped by alertname, region and project), so the trials do not wait on each other, and the staggered starts fall at different points of the 15 s probe, scrape and evaluation cycles. A region's next trial starts ${GROUP_GC_WAIT_MS / 1000} s after its resolved page, once Alertmanager has dropped the emptied group. A repeat outage may still page at the group's group_interval tick (15 s) rather than after group_wait: Prometheus sends a resolved alert again every minute for 15 minutes, and Alertmanager makes a group for it each time, so the next firing may join a group that has already flushed; hence the first and repeat rows.`,
      `Loss run, at the same time on one more region: the simulator drops the connection of every ${LOSS_DROP_EVERY}th request unanswered (fault loss); a false page is a pager notification with that region's firing ${ALERT}. Other alerts that page about the region are listed apart: the region-availability SLO (99.9 % of probes) rightly burns its budget 100 times too fast while 10 % of probes fail, and its fast-burn alert pages once the 5 m and 1 h error ratios both pass 1.44 % (within minutes on the bench's fresh stack, whose 1 h window holds little more than the run; after about 9 minutes of loss when the hour before was clean).`,
    ],
  };
}
