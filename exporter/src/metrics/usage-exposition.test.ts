import { seriesField } from '../store/usage-series';
import { createUsageExposition } from './usage-exposition';

const field = (project: string, region: string, type = 'participant_minutes' as const) => seriesField({ project, region, type });
const text = (exposition: ReturnType<typeof createUsageExposition>) => Buffer.concat(exposition.chunks()).toString();
const seriesLines = (exposition: ReturnType<typeof createUsageExposition>) => text(exposition).split('\n').filter((line) => line !== '' && !line.startsWith('#'));

describe('the usage exposition kept between scrapes', () => {
  it('writes every family header, even with no series', () => {
    const exposition = createUsageExposition();
    expect(text(exposition).match(/^# TYPE /gm)).toHaveLength(5);
    expect(seriesLines(exposition)).toEqual([]);
  });

  it('shows the latest total of each series once, whatever order changes arrive in', () => {
    const exposition = createUsageExposition();
    exposition.total(field('b', 'r1'), '1');
    exposition.total(field('a', 'r1'), '2');
    exposition.total(field('b', 'r1'), '3');
    expect(seriesLines(exposition)).toEqual(['pulse_usage_participant_minutes_total{project="a",region="r1"} 2', 'pulse_usage_participant_minutes_total{project="b",region="r1"} 3']);
    exposition.total(field('a', 'r1'), 4.5);
    exposition.total(field('c', 'r0'), '1e+21');
    expect(seriesLines(exposition)).toEqual([
      'pulse_usage_participant_minutes_total{project="a",region="r1"} 4.5',
      'pulse_usage_participant_minutes_total{project="b",region="r1"} 3',
      'pulse_usage_participant_minutes_total{project="c",region="r0"} 1e+21',
    ]);
    expect(exposition.size()).toBe(3);
  });

  it('keeps thousands of series across many blocks, re-rendering only what changed', () => {
    const exposition = createUsageExposition();
    for (let i = 0; i < 3000; i++) exposition.total(field(`p${i}`, 'r'), i);
    const first = exposition.chunks();
    exposition.total(field('p1500', 'r'), 'NaN');
    const second = exposition.chunks();
    expect(second.filter((chunk, i) => chunk !== first[i])).toHaveLength(1);
    expect(seriesLines(exposition)).toHaveLength(3000);
    expect(text(exposition)).toContain('{project="p1500",region="r"} NaN\n');
  });

  it('drops every series on a full read, and escapes label values', () => {
    const exposition = createUsageExposition();
    exposition.total(field('old', 'r'), 1);
    exposition.full();
    exposition.total(field('a "quoted"\\name\n', 'r'), 1);
    expect(seriesLines(exposition)).toEqual(['pulse_usage_participant_minutes_total{project="a \\"quoted\\"\\\\name\\n",region="r"} 1']);
  });

  it('renders labels of any text as the text format escapes them, the same with or without escapes in the field', () => {
    const exposition = createUsageExposition();
    exposition.total(field('zürich-😀', 'ap-南'), 1);
    exposition.total(field('tab\there', 'r'), 2);
    exposition.total(field('comma","quote', 'r'), 3);
    exposition.total('["spaced", "r", "participant_minutes"]', 4);
    expect(seriesLines(exposition)).toEqual([
      'pulse_usage_participant_minutes_total{project="comma\\",\\"quote",region="r"} 3',
      'pulse_usage_participant_minutes_total{project="spaced",region="r"} 4',
      'pulse_usage_participant_minutes_total{project="tab\there",region="r"} 2',
      'pulse_usage_participant_minutes_total{project="zürich-😀",region="ap-南"} 1',
    ]);
  });

  it('ignores a field holding a raw control character, as JSON does', () => {
    const exposition = createUsageExposition();
    exposition.total('["a\nb","r","participant_minutes"]', 1);
    exposition.total('["a","r\u0000","participant_minutes"]', 1);
    expect(seriesLines(exposition)).toEqual([]);
  });

  it('ignores fields no store writes', () => {
    const exposition = createUsageExposition();
    exposition.total('["a","r","bogus"]', 1);
    exposition.total('not json', 1);
    exposition.total('["a","r",1,"api_requests"]', 1);
    expect(seriesLines(exposition)).toEqual([]);
  });
});
