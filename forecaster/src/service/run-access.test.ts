/**
 * Who may start a forecast run on demand: the admin key only, and nobody when none is set. The
 * source is a closed loopback port, so an allowed run fails fast with 503 (Prometheus unreachable).
 */
import { Registry } from 'prom-client';
import { sha256Hex } from '../../../common/http/bearer-key';
import { listen, type RunningServer } from '../../../common/http/listen';
import { silentLogger } from '../../../common/log';
import { loadAugurs } from '../models/augurs';
import { parseForecasterConfig } from './config';
import { createInlinePool } from './forecast-pool';
import { createForecasterApp } from './http-app';
import { createForecasterState } from './forecaster-state';

const ADMIN_KEY = 'forecaster-admin';
const config = parseForecasterConfig('apiVersion: pulse/v1\nkind: Forecaster\nprometheus_url: http://127.0.0.1:1\n', 'forecaster.yml', {});
const state = createForecasterState({ config, pool: createInlinePool(loadAugurs()), nowMs: Date.now, log: silentLogger() });

async function withForecaster(adminKeySha256: string | undefined, body: (server: RunningServer) => Promise<void>): Promise<void> {
  const server = await listen(createForecasterApp({ state, registry: new Registry(), adminKeySha256 }), { host: '127.0.0.1', port: 0 });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const run = (server: RunningServer, key?: string) =>
  fetch(`${server.url}/api/v1/run`, { method: 'POST', headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });

describe('POST /api/v1/run on the forecaster', () => {
  afterAll(() => state.stop());

  it('is off when no admin key is configured', () =>
    withForecaster(undefined, async (server) => {
      const off = await run(server, ADMIN_KEY);
      expect(off.status).toBe(403);
      expect(await off.json()).toEqual({ error: 'no admin key is configured (on-demand runs are off: set PULSE_ADMIN_KEY)' });
    }));

  it('needs the admin key once one is configured: 401 without, 403 with another, a run with it', () =>
    withForecaster(sha256Hex(ADMIN_KEY), async (server) => {
      expect((await run(server)).status).toBe(401);
      expect((await run(server, 'wrong')).status).toBe(403);
      expect((await run(server, ADMIN_KEY)).status).toBe(503);
    }));
});
