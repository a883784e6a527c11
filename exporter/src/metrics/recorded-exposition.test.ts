import { fieldOf, fieldStem, INF_PART, type RecordedMetric } from '../recorded/model';
import { BLOCK_SIZE } from './rendered-blocks';
import { createRecordedExposition } from './recorded-exposition';

const metric = (overrides: Partial<RecordedMetric> = {}): RecordedMetric => ({ name: 'jobs', type: 'counter', category: 'business', value: 1, labels: [['shard', 's']], ...overrides });
const field = (project: string, overrides: Partial<RecordedMetric> = {}, part = '') => fieldOf(fieldStem(project, metric(overrides)), part);
const lines = (chunks: Buffer[]) => Buffer.concat(chunks).toString().split('\n').filter((line) => line !== '' && !line.startsWith('#'));

describe('the recorded exposition kept between scrapes', () => {
  it('renders series sorted by project and labels, whatever order their values arrive in', () => {
    const exposition = createRecordedExposition();
    exposition.total(field('b'), 1);
    exposition.total(field('a', { labels: [['shard', 'y']] }), 2);
    expect(lines(exposition.chunks())).toEqual(['pulse_custom_jobs_total{project="a",category="business",shard="y"} 2', 'pulse_custom_jobs_total{project="b",category="business",shard="s"} 1']);
    exposition.total(field('a', { labels: [['shard', 'x']] }), 3);
    exposition.total(field('c'), 4);
    exposition.total(field('b'), 5);
    expect(lines(exposition.chunks())).toEqual([
      'pulse_custom_jobs_total{project="a",category="business",shard="x"} 3',
      'pulse_custom_jobs_total{project="a",category="business",shard="y"} 2',
      'pulse_custom_jobs_total{project="b",category="business",shard="s"} 5',
      'pulse_custom_jobs_total{project="c",category="business",shard="s"} 4',
    ]);
    expect(exposition.size()).toBe(4);
  });

  it('exposes histogram buckets cumulative, with +Inf, sum and count, and 0 for parts not yet read', () => {
    const exposition = createRecordedExposition();
    const histogram = { name: 'latency', type: 'histogram', labels: [] } as const;
    exposition.total(field('p', histogram, 'le:0.5'), 2);
    exposition.total(field('p', histogram, 'le:10000'), 1);
    exposition.total(field('p', histogram, INF_PART), 1);
    exposition.total(field('p', histogram, 'count'), 4);
    const text = lines(exposition.chunks());
    expect(text).toHaveLength(23);
    expect(text).toContain('pulse_custom_latency_observations_bucket{project="p",category="business",le="0.25"} 0');
    expect(text).toContain('pulse_custom_latency_observations_bucket{project="p",category="business",le="0.5"} 2');
    expect(text).toContain('pulse_custom_latency_observations_bucket{project="p",category="business",le="10000"} 3');
    expect(text).toContain('pulse_custom_latency_observations_bucket{project="p",category="business",le="+Inf"} 4');
    expect(text.slice(-2)).toEqual(['pulse_custom_latency_observations_sum{project="p",category="business"} 0', 'pulse_custom_latency_observations_count{project="p",category="business"} 4']);
  });

  it('renders again only the block of series holding a changed value', () => {
    const exposition = createRecordedExposition();
    const count = BLOCK_SIZE * 4;
    for (let i = 0; i < count; i++) exposition.total(field(`p${String(i).padStart(5, '0')}`), i);
    const first = exposition.chunks();
    exposition.total(field('p01500'), 0.5);
    const second = exposition.chunks();
    const changed = second.filter((chunk, i) => chunk !== first[i]);
    expect(changed).toHaveLength(1);
    expect(lines(changed)).toHaveLength(BLOCK_SIZE);
    expect(lines(second)).toHaveLength(count);
    expect(lines(second)[1500]).toBe('pulse_custom_jobs_total{project="p01500",category="business",shard="s"} 0.5');
  });

  it('places a new series in its sorted place, the series after it moving down', () => {
    const exposition = createRecordedExposition();
    for (let i = 0; i < BLOCK_SIZE * 2; i += 2) exposition.total(field(`p${String(i).padStart(5, '0')}`), i);
    exposition.chunks();
    exposition.total(field('p00001'), 1);
    const text = lines(exposition.chunks());
    expect(text).toHaveLength(BLOCK_SIZE + 1);
    expect(text.slice(0, 3).map((line) => line.split(' ')[1])).toEqual(['0', '1', '2']);
    expect(text[BLOCK_SIZE].split(' ')[1]).toBe(String(BLOCK_SIZE * 2 - 2));
  });

  it('escapes label values once, and ignores fields no store writes', () => {
    const exposition = createRecordedExposition();
    exposition.total(field('a "q"\\', { labels: [['note', 'x\ny']] }), 1);
    exposition.total('m["broken"', 1);
    exposition.total('not a recorded field', 1);
    exposition.total(field('a', {}, 'count'), 1); // a part a counter does not have
    expect(lines(exposition.chunks())).toEqual(['pulse_custom_jobs_total{project="a \\"q\\"\\\\",category="business",note="x\\ny"} 1', 'pulse_custom_jobs_total{project="a",category="business",shard="s"} 0']);
  });

  it('orders keys split by their quotes and keys parsed as JSON by the key, in one family', () => {
    const exposition = createRecordedExposition();
    for (const project of ['a\\', 'a', 'a"b', 'a b']) exposition.total(field(project, { labels: [['note', project === 'a' ? 'x\ny' : 'v']] }), 1);
    // Only `a b` is plain; the others take JSON.parse (a quote, a backslash, a newline in a label). The keys' order:
    // `a b"` (space 0x20) < `a"` (0x22) < `a\"b` < `a\\` (both escaped: 0x5c, then 0x22 < 0x5c).
    expect(lines(exposition.chunks())).toEqual([
      'pulse_custom_jobs_total{project="a b",category="business",note="v"} 1',
      'pulse_custom_jobs_total{project="a",category="business",note="x\\ny"} 1',
      'pulse_custom_jobs_total{project="a\\"b",category="business",note="v"} 1',
      'pulse_custom_jobs_total{project="a\\\\",category="business",note="v"} 1',
    ]);
  });

  it('makes one series of a field and a stray part of it, whichever arrives first', () => {
    for (const order of [0, 1]) {
      const exposition = createRecordedExposition();
      const values: [string, number][] = [[field('a', {}, 'count'), 7], [field('a'), 5], [field('h', { type: 'histogram' }), 3], [field('h', { type: 'histogram' }, 'count'), 2]];
      for (const [name, value] of order === 0 ? values : values.reverse()) exposition.total(name, value);
      const text = lines(exposition.chunks());
      expect(text.filter((line) => line.startsWith('pulse_custom_jobs_total'))).toEqual(['pulse_custom_jobs_total{project="a",category="business",shard="s"} 5']);
      expect(text.filter((line) => line.startsWith('pulse_custom_jobs_observations_count'))).toEqual(['pulse_custom_jobs_observations_count{project="h",category="business",shard="s"} 2']);
      expect(exposition.size()).toBe(2);
    }
  });

  it('shows at most its bound of series per family, the series within it unaffected', () => {
    const exposition = createRecordedExposition(2);
    exposition.total(field('a'), 1);
    exposition.total(field('b'), 2);
    exposition.total(field('c'), 3);
    exposition.total(field('a', { name: 'other' }), 4);
    exposition.total(field('b'), 5);
    expect(lines(exposition.chunks())).toEqual([
      'pulse_custom_jobs_total{project="a",category="business",shard="s"} 1',
      'pulse_custom_jobs_total{project="b",category="business",shard="s"} 5',
      'pulse_custom_other_total{project="a",category="business",shard="s"} 4',
    ]);
  });
});
