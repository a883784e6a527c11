/** The Alertmanager API v2 calls acknowledgements need: create a silence, expire it. With timeouts. */
export interface SilenceMatcher {
  readonly name: string;
  readonly value: string;
}

export interface AlertmanagerApi {
  createSilence(silence: { matchers: readonly SilenceMatcher[]; endsAtMs: number; createdBy: string; comment: string }): Promise<string>;
  /** Expires the silence; one already expired or gone is fine. */
  expireSilence(id: string): Promise<void>;
}

const TIMEOUT_MS = 5_000;

export function createAlertmanagerApi(url: string): AlertmanagerApi {
  async function call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${url}/api/v2${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new Error(`Alertmanager at ${url}: ${path}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`, { cause: error });
    }
  }
  return {
    async createSilence({ matchers, endsAtMs, createdBy, comment }) {
      const body = {
        matchers: matchers.map((m) => ({ name: m.name, value: m.value, isRegex: false, isEqual: true })),
        startsAt: new Date().toISOString(),
        endsAt: new Date(endsAtMs).toISOString(),
        createdBy,
        comment,
      };
      const response = await call('/silences', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) throw new Error(`Alertmanager at ${url} refused the silence: HTTP ${response.status}: ${text.slice(0, 200)}`);
      return (JSON.parse(text) as { silenceID: string }).silenceID;
    },
    async expireSilence(id) {
      const response = await call(`/silence/${encodeURIComponent(id)}`, { method: 'DELETE' });
      await response.arrayBuffer();
      // 500 "silence … already expired" and 404 both mean there is nothing left to expire.
      if (!response.ok && response.status !== 404 && response.status !== 500) throw new Error(`Alertmanager at ${url}: expire silence ${id}: HTTP ${response.status}`);
    },
  };
}
