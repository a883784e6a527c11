/**
 * Who may do what on the exporter's HTTP surface (DESIGN.md "Who may do what"): each test starts
 * the runtime and app in this process and talks HTTP to it.
 */
import { startExporterApp, type ExporterApp } from '../testing/exporter-app';

const ADMIN_KEY = 'admin-secret';
const adminEnv = { PULSE_ADMIN_KEY: ADMIN_KEY };

async function withApp(options: Parameters<typeof startExporterApp>[0], body: (app: ExporterApp) => Promise<void>): Promise<void> {
  const app = await startExporterApp(options);
  try {
    await body(app);
  } finally {
    await app.close();
  }
}

describe('the trigger history of every project', () => {
  it('needs the admin key: 401 without one, 403 with a wrong one, 200 with it', () =>
    withApp({ env: adminEnv }, async (app) => {
      expect((await app.fetch('/api/v1/alerts/triggers')).status).toBe(401);
      expect((await app.fetch('/api/v1/alerts/triggers', { key: 'wrong' })).status).toBe(403);
      const ok = await app.fetch('/api/v1/alerts/triggers', { key: ADMIN_KEY });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ triggers: [] });
    }));

  it('is refused when no admin key is configured', () =>
    withApp({}, async (app) => {
      const refused = await app.fetch('/api/v1/alerts/triggers');
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: expect.stringContaining('no admin key is configured') });
    }));
});
