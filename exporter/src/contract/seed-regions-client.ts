/**
 * The original design's frontend client for regions (seeds/000, "API Client Files",
 * `/app/frontend/src/api/regions.js`), written as the seed writes it: same functions, paths and
 * methods. `get` and `post` stand for the seed's API helpers: relative to `/api/v1`, JSON in and
 * out, and a non-2xx answer rejects (with its status and body).
 */
export class SeedApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export function seedApiHelpers(baseUrl: string) {
  const call = async (method: string, path: string, data?: unknown): Promise<unknown> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: data === undefined ? {} : { 'content-type': 'application/json' },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const body: unknown = await response.json();
    if (!response.ok) throw new SeedApiError(response.status, body);
    return body;
  };
  return { get: (path: string) => call('GET', path), post: (path: string, data: unknown) => call('POST', path, data) };
}

export function seedRegionsAPI(baseUrl: string) {
  const { get, post } = seedApiHelpers(baseUrl);
  return {
    getAllRegions: () => get('/regions'),
    getRegionByCode: (code: string) => get(`/regions/${code}`),
    getRegionHealth: (code: string) => get(`/regions/${code}/health`),
    getAllRegionHealth: () => get('/regions/health'),
    findNearestRegion: (data: unknown) => post('/regions/nearest', data),
    getRegionStats: () => get('/regions/stats'),
  };
}
