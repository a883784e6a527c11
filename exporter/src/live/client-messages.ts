/**
 * The messages a WebSocket client sends (seeds/001's names), validated: a bad one is answered
 * with an `error` message naming the field and value, and changes nothing.
 */
import { z } from 'zod';
import { formatKeyPath, formatValue } from '../../../common/config/path';
import { USAGE_TYPES } from '../usage/types';

const project = z.string().max(63).optional();
const metricNames = z.array(z.enum(USAGE_TYPES)).min(1, 'must name at least one metric').max(USAGE_TYPES.length);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribeMetrics'), metricNames, project }),
  z.strictObject({ type: z.literal('unsubscribeMetrics'), metricNames: metricNames.optional(), project }),
  z.strictObject({ type: z.literal('getDashboardStream'), project }),
  z.strictObject({ type: z.literal('stopDashboardStream'), project }),
]);

export type ClientMessage = z.output<typeof clientMessageSchema>;

export type ParsedMessage = { readonly ok: true; readonly message: ClientMessage } | { readonly ok: false; readonly reason: string };

export function parseClientMessage(text: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  const result = clientMessageSchema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${formatKeyPath([...issue.path, key])}: unknown field`).join('; ');
    const got = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as string], value);
    return `${formatKeyPath(issue.path) || '(message)'}: ${issue.message}${got === undefined ? '' : ` (got ${formatValue(got)})`}`;
  });
  return { ok: false, reason: `invalid message: ${problems.join('; ')}` };
}
