import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../common/config/errors';
import { channelsLabelValue, configuredChannels, defaultChannels } from './channels';
import { loadRoutingSpec } from './load-routing-spec';
import { DEFAULT_SPEC_FILE, loadSpecFile, ROUTING_TESTDATA } from './testing/routing-specs';

const invalidFiles = readdirSync(ROUTING_TESTDATA).filter((name) => name.startsWith('invalid-') && name.endsWith('.yaml'));

function errorOf(file: string): unknown {
  try {
    loadRoutingSpec(readFileSync(file, 'utf8'), file);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('loading the routing spec', () => {
  it('has at least 6 invalid examples under testdata/routing', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(6);
  });

  it.each(invalidFiles)('rejects %s with the exact message naming file, line and key path', (name) => {
    const expected = readFileSync(join(ROUTING_TESTDATA, name.replace(/\.yaml$/, '.error')), 'utf8').trim();
    const error = errorOf(join(ROUTING_TESTDATA, name));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(expected);
  });

  it('never repeats a literal secret in its error message', () => {
    const slack = errorOf(join(ROUTING_TESTDATA, 'invalid-literal-slack-url.yaml')) as Error;
    const smtp = errorOf(join(ROUTING_TESTDATA, 'invalid-literal-smtp-password.yaml')) as Error;
    expect(slack.message).not.toContain('hooks.slack.com');
    expect(smtp.message).not.toContain('hunter2');
  });

  it('finds a literal secret wherever it is written, even under an unknown key', () => {
    const text = readFileSync(DEFAULT_SPEC_FILE, 'utf8').replace('history_webhook:\n', 'history_webhook:\n  extra:\n    bearer_token: abc\n');
    expect(() => loadRoutingSpec(text, 'routing.yaml')).toThrow(
      /^routing\.yaml:\d+: history_webhook\.extra\.bearer_token: must not hold a secret: put it in a file in secrets_dir and name that file with credentials_file$/,
    );
  });

  it('reports a YAML syntax error with its line', () => {
    expect(() => loadRoutingSpec('apiVersion: pulse/rules/v1\nkind: [Routing\n', 'routing.yaml')).toThrow(/^routing\.yaml:\d+: invalid YAML: /);
  });

  it('accepts the default spec and returns it frozen', () => {
    const spec = loadSpecFile(DEFAULT_SPEC_FILE);
    expect(configuredChannels(spec)).toEqual(['pager', 'slack', 'email', 'webhook', 'digest']);
    expect(Object.isFrozen(spec.severity_channels.critical)).toBe(true);
    expect(Object.isFrozen(spec.receivers)).toBe(true);
  });
});

describe('default channels', () => {
  it('follow the default spec: critical pages, high Slack, medium e-mail, low the digest, info nothing', () => {
    const spec = loadSpecFile(DEFAULT_SPEC_FILE);
    expect(defaultChannels(spec, 'critical')).toEqual(['pager']);
    expect(defaultChannels(spec, 'high')).toEqual(['slack']);
    expect(defaultChannels(spec, 'medium')).toEqual(['email']);
    expect(defaultChannels(spec, 'low')).toEqual(['digest']);
    expect(defaultChannels(spec, 'info')).toEqual([]);
  });

  it('come back sorted, as the channels label wants them', () => {
    const spec = loadSpecFile(join(ROUTING_TESTDATA, 'in-wide-fanout.yaml'));
    expect(defaultChannels(spec, 'critical')).toEqual(['email', 'pager']);
    expect(defaultChannels(spec, 'high')).toEqual(['slack', 'webhook']);
  });

  it('make a label value that is sorted, comma-separated and empty for none', () => {
    expect(channelsLabelValue(['slack', 'pager', 'slack'])).toBe('pager,slack');
    expect(channelsLabelValue([])).toBe('');
  });
});
