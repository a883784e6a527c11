/**
 * The original design's frontend client for regions (seeds/000, "API Client Files",
 * `/app/frontend/src/api/regions.js`), written as the seed writes it: same functions, paths and
 * methods. `get` and `post` stand for the seed's API helpers (an axios client): relative to
 * `/api/v1`, JSON in and out, `{ params }` as the query string, and a non-2xx answer rejects (with
 * its status and body).
 */
export class SeedApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** The seed's axios config as its clients use it: `params` become the query string (arrays as `name[]`, as axios writes them). */
export interface SeedRequestConfig {
  readonly params?: Readonly<Record<string, string | number | readonly string[]>>;
}

function queryString(params: SeedRequestConfig['params']): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (Array.isArray(value)) for (const item of value as readonly string[]) query.append(`${name}[]`, item);
    else query.append(name, String(value));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** `key`, when given, goes with every request as `Authorization: Bearer` (the project's key). */
export function seedApiHelpers(baseUrl: string, key?: string) {
  const call = async (method: string, path: string, data?: unknown, config?: SeedRequestConfig): Promise<unknown> => {
    const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
    if (data !== undefined && data !== null) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}/api/v1${path}${queryString(config?.params)}`, {
      method,
      headers,
      body: data === undefined || data === null ? undefined : JSON.stringify(data),
    });
    const body: unknown = await response.json();
    if (!response.ok) throw new SeedApiError(response.status, body);
    return body;
  };
  return {
    get: (path: string, config?: SeedRequestConfig) => call('GET', path, undefined, config),
    post: (path: string, data?: unknown, config?: SeedRequestConfig) => call('POST', path, data, config),
  };
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
