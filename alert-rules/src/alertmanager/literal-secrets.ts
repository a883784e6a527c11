/**
 * Finds secrets written into the spec itself (a Slack URL, an SMTP password, a bearer token).
 * Run on the raw document before the schema: the schema would only call such a key unknown, or
 * complain that its *_file sibling is missing, while this says where the secret belongs. The
 * message never repeats the value, which should not reach logs either.
 */
import type { KeyPath } from '../../../common/config/path';
import type { RoutingProblem } from './routing-spec-checks';

/** Each key that holds a secret in Alertmanager's own config → where Pulse's spec expects it. */
const FILE_KEY_FOR_SECRET: Readonly<Record<string, string>> = {
  api_url: 'api_url_file',
  slack_api_url: 'slack_api_url_file',
  credentials: 'credentials_file',
  bearer_token: 'credentials_file',
  webhook_credentials: 'webhook_credentials_file',
  auth_password: 'auth_password_file',
  auth_secret: 'auth_password_file',
};

export function findLiteralSecrets(document: unknown, path: KeyPath = []): RoutingProblem[] {
  if (Array.isArray(document)) return document.flatMap((item, index) => findLiteralSecrets(item, [...path, index]));
  if (document === null || typeof document !== 'object') return [];
  return Object.entries(document).flatMap(([key, value]) => {
    const fileKey = Object.hasOwn(FILE_KEY_FOR_SECRET, key) ? FILE_KEY_FOR_SECRET[key] : undefined;
    if (fileKey === undefined) return findLiteralSecrets(value, [...path, key]);
    return [{ path: [...path, key], message: `must not hold a secret: put it in a file in secrets_dir and name that file with ${fileKey}` }];
  });
}
