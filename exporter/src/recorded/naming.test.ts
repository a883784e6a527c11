import { runTool } from '../testing/promtool';
import { exposedName, type StoredType } from './model';
import { nameLintProblem } from './naming';
import { validateRecorded } from './validate';

const CANDIDATES = [
  'cpu_usage', 'revenue', 'active_users', 'checkout_seconds', 'payload_bytes', 'ratio', 'error_percent', 'a_min', 'a_hr', 'a_years', 'a_celsius', 'a_grams', 'a_meters',
  'a_s', 'a_ms', 'a_us', 'a_ns', 'a_sec', 'a_b', 'a_kb', 'a_mb', 'a_gb', 'a_m', 'a_h', 'a_d', 'a_minutes', 'a_hours', 'a_days', 'a_weeks', 'a_milliseconds',
  'a_microseconds', 'a_nanoseconds', 'a_kilobytes', 'a_kibibytes', 'a_megabytes', 'a_bits', 'a_kilobits', 'a_kilograms', 'a_centimeters', 'a_fahrenheit',
  'a_counter', 'a_gauge_x', 'a_histogram_x', 'a_summary',
];
const TYPES: StoredType[] = ['counter', 'gauge', 'histogram'];

function exposition(name: string, type: StoredType): string {
  const family = exposedName(name, type);
  const line = type === 'histogram' ? `${family}_bucket{le="+Inf"} 1\n${family}_sum 1\n${family}_count 1\n` : `${family} 1\n`;
  return `# HELP ${family} x\n# TYPE ${family} ${type}\n${line}`;
}

describe('recorded names and promtool', () => {
  it.each(TYPES)('refuses every %s name promtool would flag, and accepts the rest', (type) => {
    const text = CANDIDATES.map((name) => exposition(name, type)).join('');
    const lint = runTool('promtool', ['check', 'metrics'], text);
    const flagged = new Set((lint.stdout + lint.stderr).split('\n').filter(Boolean).map((finding) => finding.split(' ')[0]));
    for (const name of CANDIDATES) {
      const accepted = validateRecorded({ project_id: 'acme', name, type, category: 'system', value: 1 }).ok;
      expect([name, accepted]).toEqual([name, !flagged.has(exposedName(name, type))]);
    }
  });

  it('says why a name would be flagged', () => {
    expect(nameLintProblem('call_minutes')).toMatch(/base units/);
    expect(nameLintProblem('latency_ms')).toMatch(/abbreviated unit/);
    expect(nameLintProblem('cpu_gauge')).toMatch(/metric type/);
    expect(nameLintProblem('cpu_usage')).toBeUndefined();
  });
});
