/**
 * The exporter on a real Redis Cluster (three masters, three replicas) while a master is killed
 * with SIGKILL under load and its replica takes over: every batch is retried with the same ids
 * until it is acknowledged, and the stored totals are then exactly what was sent — nothing
 * acknowledged is lost, nothing is counted twice — without restarting the exporter.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisCluster, type RedisClusterHandle } from '../../common/testing/redis-cluster';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { clusterKeyLayout, keySlot } from './store/redis-cluster-keys';
import { eventually, sample, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';

const TEAM_KEY = 'team-secret';
const PROJECTS = Array.from({ length: 30 }, (_, p) => `team-p${p}`);
const SENDERS = 4;
/** Longest a batch is retried before the test gives up on the exporter recovering. */
const RECOVERY_DEADLINE_MS = 60_000;

let cluster: RedisClusterHandle;
let simulator: Simulator;
let exporter: ExporterProcess;

beforeAll(async () => {
  cluster = await startRedisCluster();
  simulator = await createSimulator({ regions: [{ code: 'one', latencyMs: 2 }] });
  const configFile = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '1s',
    timeout: '500ms',
    extra: { project_pattern: { regex: 'team-[a-z0-9]+', max_projects: 100, key_env: 'TEAM_KEY' } },
  });
  exporter = await startExporter(configFile, { env: { TEAM_KEY, REDIS_CLUSTER_NODES: cluster.seeds }, args: ['--web.max-failed-requests-per-minute=100000'] });
}, 120_000);

afterAll(async () => {
  await exporter?.stop();
  await simulator?.close();
  await cluster?.dispose();
});

interface Sent {
  /** Per project, the sum of the values of every event acknowledged (as counted or duplicate). */
  readonly totals: Map<string, number>;
  /** Answers other than 200 (the batch was then sent again). */
  failures: number;
}

/** Posts the batch until the exporter answers 200; 503 (not acknowledged) means: retry, same ids. */
async function sendUntilAcknowledged(batch: { events: { project: string; value: number }[] }, sent: Sent): Promise<void> {
  const deadline = Date.now() + RECOVERY_DEADLINE_MS;
  for (;;) {
    const response = await exporter.post('/api/v1/usage/events', batch, { authorization: `Bearer ${TEAM_KEY}` }).catch(() => undefined);
    if (response?.status === 200) break;
    if (response && response.status !== 503) throw new Error(`unexpected answer ${response.status}: ${await response.text()}`);
    sent.failures++;
    if (Date.now() > deadline) throw new Error(`no batch acknowledged for ${RECOVERY_DEADLINE_MS / 1000} s:\n${exporter.logs().slice(-3000)}`);
    await sleep(100);
  }
  for (const event of batch.events) sent.totals.set(event.project, (sent.totals.get(event.project) ?? 0) + event.value);
}

/** Each sender sends batches of 20 events over many projects, until told to stop. */
async function sendLoad(sender: number, sent: Sent, stop: () => boolean): Promise<number> {
  let batches = 0;
  while (!stop()) {
    const events = Array.from({ length: 20 }, (_, e) => ({
      id: `s${sender}-b${batches}-e${e}`,
      project: PROJECTS[(sender * 7 + batches * 3 + e) % PROJECTS.length],
      region: 'one',
      type: 'api_requests',
      value: 1 + (e % 3),
      timestamp: new Date().toISOString(),
    }));
    await sendUntilAcknowledged({ events }, sent);
    batches++;
  }
  return batches;
}

describe('the exporter on a Redis Cluster whose master is killed under load', () => {
  it('loses no acknowledged event, counts none twice, and recovers without a restart', async () => {
    const sent: Sent = { totals: new Map(), failures: 0 };
    let stopping = false;
    const load = Promise.all(Array.from({ length: SENDERS }, (_, sender) => sendLoad(sender, sent, () => stopping)));

    // The master of team-p0's shard dies once some batches are in.
    await eventually('a few acknowledged batches', async () => ((sent.totals.get('team-p0') ?? 0) > 20 ? true : undefined), 30_000);
    const victim = await cluster.masterOf(keySlot(clusterKeyLayout('pulse:').usage.of('team-p0').usageTotals));
    await victim.kill();
    await cluster.waitUntilHealthy();
    // Load goes on after the failover: the exporter must take batches again, unrestarted.
    const failuresAtPromotion = sent.failures;
    const acknowledgedAtPromotion = sent.totals.get('team-p0') ?? 0;
    await eventually('batches of the failed-over shard acknowledged after the promotion', async () => ((sent.totals.get('team-p0') ?? 0) > acknowledgedAtPromotion + 20 ? true : undefined), RECOVERY_DEADLINE_MS);
    stopping = true;
    const batches = await load;
    expect(batches.every((count) => count > 0)).toBe(true);

    const expected = Object.fromEntries(PROJECTS.map((project) => [project, sent.totals.get(project) ?? 0]));
    const stored = async (): Promise<Record<string, number>> => {
      const text = await exporter.metrics();
      return Object.fromEntries(PROJECTS.map((project) => [project, sample(text, 'pulse_usage_api_requests_total', { project }) ?? 0]));
    };
    // The exporter's own /metrics (read through the change feed) reaches exactly the sent totals.
    await eventually('the exporter to show every acknowledged event once', async () => {
      const now = await stored();
      return PROJECTS.every((project) => now[project] === expected[project]) ? true : undefined;
    }, 30_000).catch(async (error: Error) => {
      expect(await stored()).toEqual(expected);
      throw error;
    });
    expect(exporter.child.exitCode).toBeNull();
    // Say what the run went through (failures are 503s while the shard had no master).
    process.stdout.write(`failover run: ${batches.reduce((a, b) => a + b, 0)} batches, ${sent.failures} answers retried (${failuresAtPromotion} by the promotion)\n`);
  }, 180_000);
});
