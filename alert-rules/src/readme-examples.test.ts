/**
 * The examples of README.md's "Alert rules" part, run as written with bash: the commands it names
 * in its text (generation, `bin/pulse-rules check`, `amtool check-config`, `amtool config routes
 * test`, `promtool check rules`) on the committed output, and its `sh` block (acknowledging an
 * alert with amtool) against a real Alertmanager where PulseRegionDown fires in eu-west. The README's
 * `<silence-id>` is the id `amtool silence add` printed. Generation writes to a temporary folder
 * (`--out`), so the checkout stays as it was.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellBlocks, type ReadmeCommand } from '../../common/readme-examples/readme-examples';
import { runShell, type ShellRun } from '../../common/readme-examples/run-shell';
import { tempDir } from '../../exporter/src/testing/exporter-process';
import { startAlertmanager, type AlertmanagerHandle } from './alertmanager/testing/alertmanager-server';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PART = '## Alert rules: `alert-rules/`';
const GENERATED = join(ROOT, 'alert-rules/generated');

const run = (command: string, env: Record<string, string> = {}) => runShell(command, { cwd: ROOT, env, curlMaxTimeSeconds: 10, stopAfterMs: 40_000 });
const contextOf = (command: string, result: ShellRun) => `${command}\nexit ${result.exitCode}\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr.slice(0, 2000)}`;

/**
 * Commands the part names in its text, in backticks, with what the README says of them. Not run:
 * `promtool test rules` on the 19 generated tests (about 40 s here; alert-rules/src/scenarios.test.ts
 * runs every one), and `npm run rules` as written, which rewrites the checkout (run below as
 * `bin/pulse-rules generate --out` a temporary folder instead).
 */
const NAMED_IN_TEXT: ReadonlyArray<{ command: string; expect: (result: ShellRun) => unknown; says: unknown }> = [
  { command: 'bin/pulse-rules check', expect: (r) => r.exitCode, says: 0 },
  { command: 'amtool check-config alert-rules/generated/alertmanager.yml', expect: (r) => r.exitCode === 0 && r.stdout.includes('SUCCESS'), says: true },
  // "high | slack | the alerts Slack channel", and "every alert also goes to the exporter's trigger history (`pulse-history`)".
  { command: 'amtool config routes test --config.file=alert-rules/generated/alertmanager.yml severity=high channels=slack', expect: (r) => r.stdout.trim(), says: 'pulse-history,slack' },
];

describe('commands the Alert rules part names', () => {
  let statusBefore: string;
  const gitStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
  beforeAll(() => (statusBefore = gitStatus()));

  it.each(NAMED_IN_TEXT.map((n) => [n.command, n] as const))('%s', async (command, named) => {
    expect(README).toContain(`\`${command}\``);
    const result = await run(command);
    expect({ context: contextOf(command, result), answer: named.expect(result) }).toEqual({ context: contextOf(command, result), answer: named.says });
  }, 45_000);

  it('`bin/pulse-rules generate` writes what is committed (into a temporary --out)', async () => {
    expect(README).toContain('`npm run rules` (`bin/pulse-rules\ngenerate`)');
    const out = tempDir();
    const result = await run(`bin/pulse-rules generate --out ${out}`);
    expect({ context: contextOf('generate', result), exitCode: result.exitCode }).toEqual({ context: contextOf('generate', result), exitCode: 0 });
    const rules = readdirSync(out).filter((f) => f.endsWith('.rules.yml'));
    expect(rules.map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(rules.map((f) => readFileSync(join(GENERATED, f), 'utf8')));
    expect(rules.length).toBeGreaterThanOrEqual(5);
  }, 45_000);

  it('`promtool check rules` passes on every generated rule file', async () => {
    expect(README).toContain('`*.rules.yml` for Prometheus (`promtool check rules` passes)');
    const result = await run('promtool check rules alert-rules/generated/*.rules.yml');
    expect({ context: contextOf('promtool', result), exitCode: result.exitCode }).toEqual({ context: contextOf('promtool', result), exitCode: 0 });
  });

  it('leaves the checkout as it was', () => {
    expect(gitStatus()).toBe(statusBefore);
  });
});

describe('acknowledging an alert, as the sh block shows', () => {
  const commands = shellBlocks(README, PART).flatMap((b) => b.commands);
  let alertmanager: AlertmanagerHandle;
  /** `export AM=…` lines hold for the commands after them, as in one terminal. */
  const exports: string[] = [];
  let silenceId: string | undefined;

  beforeAll(async () => {
    alertmanager = await startAlertmanager('route: { receiver: none }\nreceivers: [{ name: none }]\n');
    const alert = { labels: { alertname: 'PulseRegionDown', region: 'eu-west', severity: 'critical' }, startsAt: new Date().toISOString() };
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
    if (!posted.ok) throw new Error(`Alertmanager refused the alert: ${posted.status}`);
  }, 30_000);

  afterAll(() => alertmanager?.stop());

  it('finds the block: AM, then alert query, silence add, query and expire', () => {
    const starts = ['export AM=http://127.0.0.1:9093 ', 'amtool alert query ', 'amtool silence add ', 'amtool silence query ', 'amtool silence expire '];
    expect(commands.map((c, i) => c.text.startsWith(starts[i]) || c.text)).toEqual(starts.map(() => true));
  });

  /** What each command must print, by its start (the README's comment above it says what it does). */
  const PRINTS: ReadonlyArray<{ starts: string; check: (stdout: string) => boolean }> = [
    { starts: 'amtool alert query', check: (out) => /PulseRegionDown/.test(out) },
    { starts: 'amtool silence add', check: (out) => /^[0-9a-f-]{36}$/.test(out.trim()) },
    { starts: 'amtool silence query', check: (out) => silenceId !== undefined && out.includes(silenceId) },
    { starts: 'amtool silence expire', check: (out) => out.trim() === '' },
  ];

  it.each(commands.map((c) => [`line ${c.line}: ${c.text.split('\n')[0].slice(0, 90)}`, c] as const))('%s', async (_title, command: ReadmeCommand) => {
    const text = command.text.split('http://127.0.0.1:9093').join(alertmanager.url).replace('<silence-id>', silenceId ?? '<no silence id printed>');
    if (text.startsWith('export ')) return void exports.push(text);
    const result = await run([...exports, text].join('\n'), { USER: process.env.USER ?? 'readme-test' });
    const context = `README line ${command.line}:\n${contextOf(text, result)}`;
    const check = PRINTS.find((p) => command.text.startsWith(p.starts));
    expect({ context, exitCode: result.exitCode, stderr: result.stderr, prints: check?.check(result.stdout) }).toEqual({ context, exitCode: 0, stderr: '', prints: true });
    if (command.text.startsWith('amtool silence add')) silenceId = result.stdout.trim();
  }, 30_000);
});
