/** The failure budget on a real server, with clients on distinct loopback addresses (127.0.0.0/8). */
import express from 'express';
import { request } from 'node:http';
import { listen, type RunningServer } from '../../../common/http/listen';
import { failureBudget } from './failure-budget';

let server: RunningServer;
let clock = 1_800_000_000_000;

beforeAll(async () => {
  const app = express();
  // One failure a minute per address, two addresses tracked at most.
  app.use(failureBudget(1, { now: () => clock, maxTracked: 2 }));
  app.get('/fail', (_req, res) => void res.status(401).end());
  server = await listen(app, { host: '127.0.0.1', port: 0 });
});
afterAll(() => server.close());

function statusFrom(localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.address.port, path: '/fail', localAddress }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('the budget of 400 and 401 answers per client address', () => {
  it('limits each tracked address, leaves addresses past the table bound alone, and starts afresh each minute', async () => {
    expect(await statusFrom('127.0.0.2')).toBe(401);
    expect(await statusFrom('127.0.0.2')).toBe(429);
    expect(await statusFrom('127.0.0.3')).toBe(401);
    expect(await statusFrom('127.0.0.3')).toBe(429);
    // The table is full: a third address is not tracked, so not limited this minute.
    expect(await statusFrom('127.0.0.4')).toBe(401);
    expect(await statusFrom('127.0.0.4')).toBe(401);
    clock += 60_000;
    expect(await statusFrom('127.0.0.2')).toBe(401);
  });
});
