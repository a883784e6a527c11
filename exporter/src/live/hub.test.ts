import { Registry } from 'prom-client';
import { silentLogger } from '../../../common/log';
import type { RealtimeDocument } from '../analytics/realtime';
import { boundedSender } from './bounded-sender';
import { createLiveHub, type LiveSubscriber } from './hub';

const PROJECTS = 10;
const AT_ONCE = 3;

describe("the hub's dashboard tick", () => {
  it('reads at most dashboardReadsAtOnce documents at a time, and sends each project its own as soon as it is read', async () => {
    let reading = 0;
    let most = 0;
    const readDashboard = async (project: string): Promise<RealtimeDocument> => {
      reading++;
      most = Math.max(most, reading);
      await new Promise((resolve) => setTimeout(resolve, 20));
      reading--;
      return { project_id: project, timestamp: '', metrics: [] } as unknown as RealtimeDocument;
    };
    const hub = createLiveHub({ registry: new Registry(), log: silentLogger(), readDashboard, limits: { dashboardIntervalMs: 1_000, dashboardReadsAtOnce: AT_ONCE } });
    const received = new Map<string, string>();
    // Reads still running when a project's update arrives: it was sent before the tick's reads were all done.
    const readsLeftAtArrival: number[] = [];
    for (let i = 0; i < PROJECTS; i++) {
      const project = `p${i}`;
      const reservation = hub.reserve(project);
      if (!reservation.ok) throw new Error(reservation.reason);
      const sender = boundedSender((frame, done) => {
        received.set(project, frame.text);
        readsLeftAtArrival.push(reading);
        done();
      }, 8, () => undefined);
      const subscriber: LiveSubscriber = { transport: 'websocket', project, streams: new Set(['dashboard']), metricNames: new Set(), sender };
      reservation.slot.attach(subscriber);
    }
    hub.start();
    try {
      while (received.size < PROJECTS) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await hub.stop();
    }
    expect(most).toBe(AT_ONCE);
    expect(readsLeftAtArrival[0]).toBeGreaterThan(0);
    for (const [project, text] of received) expect(JSON.parse(text)).toEqual(expect.objectContaining({ type: 'dashboardUpdate', project, data: expect.objectContaining({ project_id: project }) }));
  });
});
