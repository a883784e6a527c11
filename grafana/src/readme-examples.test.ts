/**
 * README.md's "Dashboards" part shows no `sh` block; what it says can be run or read is checked
 * here: `npm run dashboards:check` passes on the committed dashboards (`npm run dashboards` is not
 * run: it rewrites grafana/dashboards/ in the checkout, and the check is the same generation
 * compared with it), and its table lists exactly the dashboards that are provisioned, by uid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runShell } from '../../common/readme-examples/run-shell';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PART = '## Dashboards: `grafana/`';

/** The part's text: from its heading to the next `## ` heading. */
function partText(): string {
  const start = README.indexOf(`\n${PART}\n`);
  if (start < 0) throw new Error(`README has no "${PART}" heading`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

it('`npm run dashboards:check` passes on the committed dashboards, as the README says it fails only when they are stale', async () => {
  expect(partText()).toContain('`npm run dashboards:check` fails when they are stale');
  const run = await runShell('npm run --silent dashboards:check', { cwd: ROOT, env: {}, curlMaxTimeSeconds: 1, stopAfterMs: 40_000 });
  expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
}, 45_000);

it("the table's uids are the provisioned dashboards'", () => {
  const tableUids = [...partText().matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  const dir = join(ROOT, 'grafana/dashboards');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const uids = files.map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { uid: string }).uid);
  expect([...tableUids].sort()).toEqual([...uids].sort());
  expect(partText()).toContain(`${['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven'][uids.length]} dashboards`);
});
