/**
 * May this key read or write this project? The one rule behind every per-project endpoint of
 * the analytics API: a project's own key reaches only that project; the project-pattern key
 * reaches the undeclared projects its pattern matches; the admin key reaches every project.
 */
import { keyMatches } from '../../../common/http/bearer-key';
import type { PulseConfig } from '../config/model';
import { authenticate } from './principal';

export type ProjectAccess =
  | { readonly ok: true; readonly project: string; readonly rateLimitPerMinute: number; readonly via: 'project' | 'pattern' | 'admin' }
  | { readonly ok: false; readonly status: 401 | 403; readonly error: string };

const PROJECT_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

export function projectAccess(config: PulseConfig, token: string | undefined, project: string): ProjectAccess {
  if (token === undefined) return { ok: false, status: 401, error: 'a project API key is required: Authorization: Bearer <key>' };
  if (config.adminKeySha256 !== undefined && keyMatches(token, config.adminKeySha256)) {
    const declared = config.projects.find((p) => p.id === project);
    return { ok: true, project, rateLimitPerMinute: declared?.rateLimitPerMinute ?? config.usage.rateLimitPerMinute, via: 'admin' };
  }
  const principal = authenticate(config, token);
  if (!principal) return { ok: false, status: 401, error: 'the API key matches no project' };
  if (principal.kind === 'project') {
    if (principal.project.id !== project) return { ok: false, status: 403, error: `this key reaches only project "${principal.project.id}" (got "${project}")` };
    return { ok: true, project, rateLimitPerMinute: principal.project.rateLimitPerMinute, via: 'project' };
  }
  const declared = config.projects.some((p) => p.id === project);
  if (declared || !PROJECT_ID.test(project) || !principal.pattern.regex.test(project)) {
    return { ok: false, status: 403, error: `this key reaches only undeclared projects matching the project pattern (got "${project}")` };
  }
  return { ok: true, project, rateLimitPerMinute: principal.pattern.rateLimitPerMinute, via: 'pattern' };
}
