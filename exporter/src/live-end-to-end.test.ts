/**
 * The live streams end to end: two exporter processes on one real redis-server, probing the demo
 * region simulator. An alert posted to one replica reaches a WebSocket client of the other; a
 * simulator fault reaches SSE clients as region health, down and back.
 */
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';
import { connectWs, openSse, streamUrl } from './testing/live-clients';

const KEYS = { ACME_KEY: 'acme-secret', PULSE_WEBHOOK_TOKEN: 'hook-secret' };
let redis: RedisServerHandle;
let simulator: Simulator;
let replicaA: ExporterProcess;
let replicaB: ExporterProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  simulator = await createSimulator({ regions: [{ code: 'one', latencyMs: 2 }, { code: 'two', latencyMs: 2 }] });
  const configFile = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '200ms',
    timeout: '150ms',
    extra: { projects: [{ id: 'acme', key_env: 'ACME_KEY' }] },
  });
  const start = () => startExporter(configFile, { env: { ...KEYS, REDIS_URL: redis.url } });
  [replicaA, replicaB] = await Promise.all([start(), start()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await simulator?.close();
  await redis?.stop();
});

it('delivers an alert posted to one replica to a WebSocket client of the other', async () => {
  const client = await connectWs(streamUrl(replicaB.url, 'acme'), { key: KEYS.ACME_KEY });
  const alerts = [{ status: 'firing', labels: { alertname: 'AcrossReplicas', project: 'acme', severity: 'critical' }, annotations: { summary: 'seen everywhere' }, startsAt: '2026-12-07T00:00:00Z' }];
  const posted = await replicaA.post('/api/v1/alerts/webhook', { version: '4', receiver: 'pulse', status: 'firing', alerts }, { authorization: `Bearer ${KEYS.PULSE_WEBHOOK_TOKEN}` });
  expect(posted.status).toBe(200);
  const message = await client.inbox.next('the alert from the other replica', (m) => m.type === 'alertNotification');
  expect(message).toEqual(expect.objectContaining({ project: 'acme', data: expect.objectContaining({ alert_name: 'AcrossReplicas', message: 'seen everywhere' }) }));
  client.ws.close();
}, 30_000);

it('sends region health as a simulator fault takes a region down and as it comes back', async () => {
  const stream = await openSse(`${replicaA.url}/api/v1/analytics/events?streams=regions`);
  expect(stream.status).toBe(200);
  const healthOf = (state: string) => (event: { event: string; data: string }) => {
    if (event.event !== 'regionHealth') return false;
    const region = (JSON.parse(event.data) as { data: { code: string; health_status: string } }).data;
    return region.code === 'one' && region.health_status === state;
  };
  await simulator.setFault('one', 'down');
  const down = JSON.parse((await stream.inbox.next('region one down', healthOf('down'), 20_000)).data) as { data: Record<string, unknown> };
  expect(down.data).toEqual(expect.objectContaining({ name: 'Region one', code: 'one', failover_regions: [], max_capacity: expect.any(Number) }));
  await simulator.setFault('one', 'none');
  await stream.inbox.next('region one healthy again', healthOf('healthy'), 20_000);
  stream.close();
}, 60_000);
