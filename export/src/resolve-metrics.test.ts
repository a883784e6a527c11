import { customMetricsNamed } from './resolve-metrics';

describe('customMetricsNamed', () => {
  const held = new Set([
    'pulse_custom_revenue_total',
    'pulse_custom_revenue_observations_count',
    'pulse_custom_revenue_x',
    'project:revenue:sum_rate5m',
    'project_region:revenue:max',
    'global:revenue:sum_rate5m',
    'project:revenue_daily:sum_rate5m',
  ]);

  it("finds every kind a name has: recorded families by their exact names, a project definition's series by its level", () => {
    expect(customMetricsNamed('revenue', held)).toEqual([
      { source: 'recorded', name: 'revenue', type: 'counter' },
      { source: 'recorded', name: 'revenue', type: 'histogram' },
      { source: 'definition', name: 'revenue', series: 'project:revenue:sum_rate5m' },
      { source: 'definition', name: 'revenue', series: 'project_region:revenue:max' },
    ]);
  });

  it('finds nothing for a name held only as part of a longer one', () => {
    expect(customMetricsNamed('reven', held)).toEqual([]);
    expect(customMetricsNamed('daily', held)).toEqual([]);
  });
});
