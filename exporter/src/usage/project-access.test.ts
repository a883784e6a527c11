import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../config/load';
import { projectAccess } from './project-access';

const base = readFileSync(join(__dirname, '../../testdata/config/valid.yaml'), 'utf8');
const config = parseConfigText(
  `${base}
projects:
  - id: acme
    key_env: ACME_KEY
    rate_limit_per_minute: 7
  - id: globex
    key_env: GLOBEX_KEY
project_pattern:
  regex: 'team-[a-z0-9]+'
  max_projects: 5
  key_env: TEAM_KEY
`,
  'pulse.yml',
  { env: { ACME_KEY: 'acme-key', GLOBEX_KEY: 'globex-key', TEAM_KEY: 'team-key', PULSE_ADMIN_KEY: 'admin-key' } },
);

describe('projectAccess', () => {
  it('asks for a key when none is given (401)', () => {
    expect(projectAccess(config, undefined, 'acme')).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a key that matches nothing (401)', () => {
    expect(projectAccess(config, 'nobody', 'acme')).toMatchObject({ ok: false, status: 401, error: 'the API key matches no project' });
  });

  it("lets a project's key reach its own project with its own rate limit", () => {
    expect(projectAccess(config, 'acme-key', 'acme')).toEqual({ ok: true, project: 'acme', rateLimitPerMinute: 7, via: 'project' });
  });

  it("refuses a project's key on any other project (403), naming its own", () => {
    expect(projectAccess(config, 'acme-key', 'globex')).toEqual({ ok: false, status: 403, error: 'this key reaches only project "acme" (got "globex")' });
  });

  it('lets the pattern key reach undeclared matching projects only', () => {
    expect(projectAccess(config, 'team-key', 'team-blue')).toMatchObject({ ok: true, via: 'pattern' });
    expect(projectAccess(config, 'team-key', 'acme')).toMatchObject({ ok: false, status: 403 });
    expect(projectAccess(config, 'team-key', 'other')).toMatchObject({ ok: false, status: 403 });
  });

  it('lets the admin key reach every project', () => {
    expect(projectAccess(config, 'admin-key', 'globex')).toMatchObject({ ok: true, project: 'globex', via: 'admin', rateLimitPerMinute: 1000 });
  });
});
