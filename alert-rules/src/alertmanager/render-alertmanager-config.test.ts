import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderAlertmanagerConfig } from './render-alertmanager-config';
import { severityInhibitions } from './severity-inhibitions';
import { goldenOutputFile, goldenSpecs } from './testing/routing-specs';
import { secretFilePaths } from './testing/secret-files';

// UPDATE_GOLDEN=1 npx jest alert-rules/src/alertmanager rewrites the out-* files; review the diff.
const update = process.env.UPDATE_GOLDEN === '1';
const specs = goldenSpecs();

describe('rendering alertmanager.yml', () => {
  it.each(specs.map((s) => [s.name, s] as const))('renders the %s spec exactly as its golden file', (_name, { name, spec }) => {
    const text = renderAlertmanagerConfig(spec, severityInhibitions(spec));
    if (update) writeFileSync(goldenOutputFile(name), text);
    expect(text).toBe(readFileSync(goldenOutputFile(name), 'utf8'));
  });

  it.each(specs.map((s) => [s.name, s] as const))('names every secret of the %s spec only as a file inside secrets_dir', (_name, { spec }) => {
    const text = renderAlertmanagerConfig(spec, severityInhibitions(spec));
    const files = secretFilePaths(parse(text));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.startsWith(`${spec.secrets_dir}/`)).toBe(true);
    expect(text).not.toMatch(/^\s*(api_url|auth_password|auth_secret|credentials|bearer_token|smtp_auth_password|slack_api_url):/m);
  });

  it('renders inhibitions passed in after the severity ones, in the order given', () => {
    const { spec } = specs[0];
    const slo = { source: ['tier="page"'], target: ['tier="ticket"'], equal: ['slo', 'region'] };
    const rules = parse(renderAlertmanagerConfig(spec, [...severityInhibitions(spec), slo])).inhibit_rules;
    expect(rules.at(-1)).toEqual({ source_matchers: ['tier="page"'], target_matchers: ['tier="ticket"'], equal: ['slo', 'region'] });
    expect(rules).toHaveLength(5);
  });

  it("gives the pager and history routes the spec's own group_wait and group_interval; the other routes but the digest inherit the root's", () => {
    const { spec } = specs[0];
    const paged = {
      ...spec,
      history_webhook: { ...spec.history_webhook, group_wait: '3s', group_interval: '90s' },
      receivers: { ...spec.receivers, pager: { ...spec.receivers.pager!, group_wait: '7s', group_interval: '2m' } },
    };
    const routes = parse(renderAlertmanagerConfig(paged, [])).route.routes as Array<Record<string, unknown>>;
    const clock = (route: Record<string, unknown>) => [route.receiver, route.group_wait, route.group_interval];
    expect(routes.map(clock)).toEqual([
      ['pulse-history', '3s', '90s'],
      ['pager', '7s', '2m'],
      ['slack', undefined, undefined],
      ['email', undefined, undefined],
      ['webhook', undefined, undefined],
      ['digest', '1h', '24h'],
    ]);
    const { group_wait: _wait, group_interval: _interval, ...unset } = paged.receivers.pager;
    const inherited = parse(renderAlertmanagerConfig({ ...spec, receivers: { ...spec.receivers, pager: unset } }, [])).route.routes[1];
    expect(clock(inherited)).toEqual(['pager', undefined, undefined]);
    const { group_wait: _hwait, group_interval: _hinterval, ...history } = paged.history_webhook;
    expect(clock(parse(renderAlertmanagerConfig({ ...spec, history_webhook: history }, [])).route.routes[0])).toEqual(['pulse-history', undefined, undefined]);
  });

  it('gives the same bytes for the same spec', () => {
    const { spec } = specs[0];
    expect(renderAlertmanagerConfig(spec, severityInhibitions(spec))).toBe(renderAlertmanagerConfig(structuredClone(spec), severityInhibitions(spec)));
  });
});
