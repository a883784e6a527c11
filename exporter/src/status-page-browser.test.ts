/**
 * The public status page in a real browser: Debian's headless Chromium driven by playwright-core,
 * against the exporter process probing the demo simulator's six regions. A screenshot of the page
 * with a region down is written to .artifacts/ (gitignored) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';

const ARTIFACTS = join(__dirname, '../../.artifacts');
const CODES = ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-south', 'sa-east'];
let simulator: Simulator;
let exporter: ExporterProcess;
let browser: Browser;

beforeAll(async () => {
  simulator = await createSimulator({ regions: CODES.map((code, i) => ({ code, latencyMs: 2 + i, load: 1000 * (i + 1) })) });
  const configFile = writeSimulatorConfig(tempDir(), simulator.regions(), { interval: '500ms', timeout: '300ms', perRegion: { 'us-east': { failover: ['us-west', 'eu-west'] } } });
  exporter = await startExporter(configFile);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright gives the browser a new empty profile directory of its own (it refuses --user-data-dir here).
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await exporter?.stop();
  await simulator?.close();
});

const healthCell = (page: Page, code: string) => page.locator(`#region-${code} [data-field="health"]`);

it('shows the six regions and turns one down within 20 s of a simulator fault, and back', async () => {
  const page = await browser.newPage();
  await page.goto(`${exporter.url}/status`);
  expect(await page.locator('h1').textContent()).toBe('Pulse status');
  expect(await page.locator('tr[data-region]').count()).toBe(6);
  for (const code of CODES) expect(await page.locator(`#region-${code} th`).textContent()).toContain(code);
  expect(await page.locator('#region-us-east').textContent()).toContain('us-west → eu-west');
  await page.locator('#live-note', { hasText: 'Updating live.' }).waitFor({ timeout: 10_000 });

  await simulator.setFault('eu-west', 'down');
  await page.locator('#region-eu-west .health-down', { hasText: 'Down' }).waitFor({ timeout: 20_000 });
  // Red, and said in words too.
  expect(await healthCell(page, 'eu-west').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).toBe('rgb(196, 0, 24)');
  expect(await page.locator('#announcer').textContent()).toBe('Region eu-west is now down.');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'status-page-region-down.png'), fullPage: true });

  await simulator.setFault('eu-west', 'none');
  await page.locator('#region-eu-west .health-healthy', { hasText: 'Healthy' }).waitFor({ timeout: 20_000 });
  await page.close();
}, 90_000);

it('is complete without JavaScript: every region, its health in words, and no buttons or forms', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${exporter.url}/status`);
  expect(await page.locator('tr[data-region]').count()).toBe(6);
  expect(await healthCell(page, 'us-east').textContent()).toMatch(/Healthy|Unknown|Degraded|Down/);
  expect(await page.locator('button, form, input').count()).toBe(0);
  expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining([expect.any(String)]));
  await context.close();
}, 30_000);
