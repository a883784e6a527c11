import { asRawSeries, usageSeries, weekdayProfile } from '../testing/synthetic';
import { runBacktestCommand, type CommandIo } from './backtest-command';

const DAY = 86_400_000;

function csv(points: number, seed: number): string {
  const values = usageSeries({ points, level: 500, growth: 0.001, seasons: [weekdayProfile(0.5)], noise: 0.05, anomalies: 2, shifts: 0, seed });
  const raw = asRawSeries(values, DAY);
  return ['timestamp,value', ...raw.times.map((time, index) => `${new Date(time).toISOString()},${raw.values[index]}`)].join('\n');
}

function run(argv: string[], files: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (path) => {
      if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files[path];
    },
  };
  const code = runBacktestCommand(argv, io);
  return { code, stdout, stderr };
}

describe('pulse-forecaster backtest', () => {
  const files = { 'good.csv': csv(160, 1), 'short.csv': csv(40, 2), 'broken.csv': 'timestamp,value\n2024-01-01,1\n2024-01-02,x\n' };

  it('prints one JSON object with the selected candidate and every model', () => {
    const { code, stdout } = run(['--input', 'good.csv', '--json'], files);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ input: 'good.csv', period: '1d', agg: 'sum', horizon: 28, step: 7, selected: expect.any(String) });
    expect(result.models[0]).toEqual({ name: 'naive', mase: expect.any(Number), smape: expect.any(Number), coverage: expect.any(Number), coverageByLead: [expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)], coverageByLeadError: expect.any(Array), msis: expect.any(Number) });
    expect(result.leadBuckets).toEqual(['1–7', '8–14', '15–21', '22–28']);
    expect(result.band).toMatchObject({ method: expect.stringMatching(/^split-conformal/), level: 0.95, window: 84 });
    expect(result.band.blocks.map((block: { fromStep: number; toStep: number }) => [block.fromStep, block.toStep])).toEqual([[1, 7], [8, 14], [15, 21], [22, 28]]);
    for (const block of result.band.blocks) expect(block).toEqual({ fromStep: expect.any(Number), toStep: expect.any(Number), errors: expect.any(Number), origins: expect.any(Number), source: expect.stringMatching(/^(recent|all)$/), level: expect.any(Number), designEffect: expect.any(Number), quantile: expect.any(Number) });
    expect(result.models.map((row: { name: string }) => row.name)).toContain('auto');
  });

  it('prints a table per input and a summary, skipping a short series with its reason', () => {
    const { code, stdout } = run(['--input', 'good.csv', '--input', 'short.csv'], files);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^good\.csv: \d+ points of 1d \(sum\), seasons 7, horizon 28, step 7: \d+ origins, \d+ scored/);
    expect(stdout).toMatch(/\n {2}auto +\d+\.\d{3}/);
    expect(stdout).toContain('short.csv: skipped: too short: 40 points, a horizon of 28 every 7 needs 98');
    expect(stdout).toMatch(/summary: 1 series evaluated, 1 skipped or unreadable/);
  });

  it('names the file and line of a broken CSV, goes on with the others, and exits 2', () => {
    const { code, stdout, stderr } = run(['--input', 'broken.csv', '--input', 'good.csv', '--input', 'gone.csv'], files);
    expect(code).toBe(2);
    expect(stderr).toContain('broken.csv:3: not a number: "x"');
    expect(stderr).toContain('gone.csv: cannot read: ENOENT');
    expect(stdout).toMatch(/^good\.csv: /m);
  });

  it('exits 2 on a bad flag, saying which', () => {
    const { code, stderr } = run(['--input', 'good.csv', '--horizon', 'soon'], files);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pulse-forecaster backtest: --horizon: /);
  });
});
