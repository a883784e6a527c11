import type { RequestHandler } from 'express';
import { requireAdminKey } from '../../../common/http/bearer-key';

/**
 * Requires the exporter's admin key. With no admin key configured, admin endpoints are refused,
 * so a forgotten key never leaves them open.
 */
export function requireAdmin(adminKeySha256: () => string | undefined): RequestHandler {
  return requireAdminKey(adminKeySha256, 'set PULSE_ADMIN_KEY, admin.key_file or admin.key_sha256');
}
