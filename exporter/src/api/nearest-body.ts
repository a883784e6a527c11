/**
 * The body of POST /api/v1/regions/nearest, as the seed's NearestRegionRequest sends it
 * (`latencies` as a list of {region_code, latency}) or in Pulse's map form
 * (`latencies: {"us-east": 42}`), checked against the configured regions.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseBody, type FieldProblem, type Parsed } from './request-body';

const latencyMs = z.number().finite().min(0, 'must be a number of milliseconds ≥ 0').max(60_000, 'must be at most 60000 ms');

const listForm = z.array(z.strictObject({ region_code: z.string(), latency: latencyMs }));
const mapForm = z.record(z.string(), latencyMs);

/** The form is chosen by the value's shape, so a problem is named inside the form the client used. */
function nearestSchema(body: unknown) {
  const latencies = (body as { latencies?: unknown } | null)?.latencies;
  return z.strictObject({
    client_ip: z.string().refine((ip) => isIP(ip) !== 0, 'must be an IPv4 or IPv6 address').optional(),
    preferred_region: z.string().optional(),
    latencies: (Array.isArray(latencies) ? listForm : mapForm).optional(),
  });
}

export interface NearestRequest {
  readonly clientIp?: string;
  readonly preferredRegion?: string;
  /** Client-measured latency (ms) per region code. */
  readonly latencies: Readonly<Record<string, number>>;
}

/** Parses the body; every bad field, unknown region and repeated region is named, all in one answer. */
export function parseNearestBody(body: unknown, regionCodes: ReadonlySet<string>): Parsed<NearestRequest> {
  const parsed = parseBody(nearestSchema(body), body);
  const shapeProblems = parsed.ok ? [] : parsed.problems;
  const named = new Set(shapeProblems.map((p) => p.field));
  const problems = [...shapeProblems, ...regionProblems(body, regionCodes).filter((p) => !named.has(p.field))];
  if (!parsed.ok || problems.length > 0) return { ok: false, problems };
  const { client_ip, preferred_region, latencies = {} } = parsed.value;
  const byRegion = Array.isArray(latencies) ? Object.fromEntries(latencies.map((l) => [l.region_code, l.latency])) : latencies;
  return { ok: true, value: { clientIp: client_ip, preferredRegion: preferred_region, latencies: byRegion } };
}

/** Region codes that are not configured, or repeated in the list; read from the raw body, so they are named even beside shape problems. */
function regionProblems(body: unknown, regionCodes: ReadonlySet<string>): FieldProblem[] {
  if (typeof body !== 'object' || body === null) return [];
  const { preferred_region, latencies } = body as { preferred_region?: unknown; latencies?: unknown };
  const problems: FieldProblem[] = [];
  const check = (field: string, code: unknown) => {
    if (typeof code === 'string' && !regionCodes.has(code)) problems.push({ field, message: `unknown region (got "${code}")` });
  };
  check('preferred_region', preferred_region);
  if (Array.isArray(latencies)) {
    const seenAt = new Map<string, number>();
    latencies.forEach((entry: unknown, index) => {
      const code = (entry as { region_code?: unknown } | null)?.region_code;
      const field = `latencies[${index}].region_code`;
      check(field, code);
      if (typeof code !== 'string') return;
      const first = seenAt.get(code);
      if (first === undefined) seenAt.set(code, index);
      else if (regionCodes.has(code)) problems.push({ field, message: `region repeated (also at latencies[${first}]) (got "${code}")` });
    });
  } else if (typeof latencies === 'object' && latencies !== null) {
    for (const code of Object.keys(latencies)) check(`latencies.${code}`, code);
  }
  return problems;
}
