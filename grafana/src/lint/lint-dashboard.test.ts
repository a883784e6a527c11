import { DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { labelVariable } from '../dashboard-builders/variables';
import { readCommittedDashboards } from '../queries/all-panel-queries';
import { dashboardWithQueries, withPanel } from '../testing/dashboard-fixtures';
import { formatLintProblem, lintDashboard, LINT_RULES } from './lint-dashboard';

const rulesFound = (dashboard: Parameters<typeof lintDashboard>[0]) => lintDashboard(dashboard).map((problem) => problem.rule);
const queries = (...exprs: string[]) => dashboardWithQueries(exprs);
const instanceVariable = () => labelVariable({ name: 'instance', label: 'Instance', description: 'Instances.', series: 'up', labelName: 'instance' });

describe('the dashboard linter', () => {
  it.each(readCommittedDashboards().map((d) => [d.uid, d] as const))('finds nothing wrong with %s as committed', (_uid, dashboard) => {
    expect(lintDashboard(dashboard).map(formatLintProblem)).toEqual([]);
  });

  it('finds nothing wrong with a minimal valid dashboard, so each failing example below fails for its one reason', () => {
    expect(rulesFound(queries('sum(rate(http_requests_total[$__rate_interval]))'))).toEqual([]);
  });

  it('names every rule once', () => {
    expect(new Set(LINT_RULES.map((rule) => rule.name)).size).toBe(LINT_RULES.length);
  });

  describe('template-datasource', () => {
    it('reports a dashboard without the datasource variable', () => {
      const dashboard = queries('up');
      expect(rulesFound({ ...dashboard, templating: { list: [] } })).toContain('template-datasource');
    });

    it('reports a datasource variable of another type', () => {
      const dashboard = queries('up');
      const loki = new DatasourceVariableBuilder('datasource').type('loki').build();
      expect(rulesFound({ ...dashboard, templating: { list: [loki] } })).toContain('template-datasource');
    });
  });

  describe('uses-datasource-variable', () => {
    it('reports a panel with a fixed data source', () => {
      const dashboard = withPanel(queries('up'), (panel) => ({ ...panel, datasource: { type: 'prometheus', uid: 'pulse-prometheus' } }));
      expect(lintDashboard(dashboard).map(formatLintProblem)).toEqual(['test › "Panel": uses-datasource-variable: panel data source must be ${datasource} (got {"type":"prometheus","uid":"pulse-prometheus"})']);
    });

    it('reports a query with a fixed data source', () => {
      const dashboard = withPanel(queries('up'), (panel) => ({ ...panel, targets: panel.targets!.map((t) => ({ ...t, datasource: { uid: 'other' } })) }));
      expect(lintDashboard(dashboard)).toEqual([expect.objectContaining({ rule: 'uses-datasource-variable', refId: 'A' })]);
    });

    it('reports a query variable reading another data source', () => {
      const dashboard = queries('up');
      const variables = dashboard.templating.list!.map((v) => v);
      const fixed = { ...instanceVariable().build(), datasource: { uid: 'other' } };
      expect(rulesFound({ ...dashboard, templating: { list: [...variables, fixed] } })).toEqual(['uses-datasource-variable']);
    });
  });

  describe('panel-units', () => {
    it('reports a panel without a unit', () => {
      const dashboard = withPanel(queries('up'), (panel) => ({ ...panel, fieldConfig: { defaults: {}, overrides: [] } }));
      expect(lintDashboard(dashboard).map(formatLintProblem)).toEqual(['test › "Panel": panel-units: has no unit (fieldConfig.defaults.unit)']);
    });

    it('lets a text panel go without a unit', () => {
      const dashboard = withPanel(queries(), (panel) => ({ ...panel, type: 'text', fieldConfig: { defaults: {}, overrides: [] } }));
      expect(rulesFound(dashboard)).toEqual([]);
    });
  });

  describe('panel-title-description', () => {
    it('reports a panel without a description', () => {
      const dashboard = withPanel(queries('up'), (panel) => ({ ...panel, description: '' }));
      expect(lintDashboard(dashboard).map(formatLintProblem)).toEqual(['test › "Panel": panel-title-description: has no description']);
    });

    it('reports a panel without a title', () => {
      const dashboard = withPanel(queries('up'), (panel) => ({ ...panel, title: ' ' }));
      expect(rulesFound(dashboard)).toEqual(['panel-title-description']);
    });
  });

  describe('promql-parses', () => {
    it('reports a query that does not parse, with where', () => {
      const [problem] = lintDashboard(queries('sum(rate(http_requests_total[$__rate_interval])'));
      expect(problem.rule).toBe('promql-parses');
      expect(problem.message).toMatch(/^PromQL syntax error at \d+ near/);
    });

    it('reports an empty query', () => {
      expect(rulesFound(queries(' '))).toEqual(['promql-parses']);
    });

    it('parses variables wherever Grafana allows them: in label values, ranges and offsets', () => {
      expect(rulesFound(queries('sum(rate(x_total{project=~"$project"}[$__rate_interval] offset ${horizon}))'))).toEqual([]);
    });
  });

  describe('rate-interval', () => {
    it('reports rate() over a fixed window', () => {
      expect(lintDashboard(queries('rate(x_total[5m])')).map(formatLintProblem)).toEqual([
        'test › "Panel" (A): rate-interval: rate() over [5m], not [$__rate_interval] (mark a deliberate window with "# pulse-lint: fixed window: <why>")',
      ]);
    });

    it('reports increase() and irate() over $__interval', () => {
      const problems = lintDashboard(queries('increase(x_total[$__interval])', 'irate(y_total[$__interval])'));
      expect(problems.map((p) => [p.rule, p.refId, p.message.split(',')[0]])).toEqual([
        ['rate-interval', 'A', 'increase() over [$__interval]'],
        ['rate-interval', 'B', 'irate() over [$__interval]'],
      ]);
    });

    it('accepts a fixed window the query marks as deliberate', () => {
      expect(rulesFound(queries('# pulse-lint: fixed window: hourly buckets\nincrease(x_total[1h])'))).toEqual([]);
    });

    it('leaves other range functions their own windows', () => {
      expect(rulesFound(queries('max_over_time(up[1h])', 'avg_over_time(x[$__range])'))).toEqual([]);
    });
  });

  describe('counters-in-rate', () => {
    it('reports a bare counter', () => {
      expect(lintDashboard(queries('sum(pulse_usage_api_requests_total)')).map(formatLintProblem)).toEqual([
        'test › "Panel" (A): counters-in-rate: counter pulse_usage_api_requests_total is used bare; read it through rate, irate, increase, resets, changes',
      ]);
    });

    it('reports a counter inside a function that does not handle resets', () => {
      const [problem] = lintDashboard(queries('# pulse-lint: fixed window: test\nmax_over_time(x_count[1h])'));
      expect(problem.message).toBe('counter x_count is used inside max_over_time(); read it through rate, irate, increase, resets, changes');
    });

    it('reports histogram sums and buckets read bare', () => {
      expect(rulesFound(queries('x_sum / x_count', 'histogram_quantile(0.9, x_bucket)'))).toEqual(['counters-in-rate', 'counters-in-rate', 'counters-in-rate']);
    });

    it('accepts counters under rate, increase and changes, however deeply aggregated', () => {
      const ok = [
        'histogram_quantile(0.5, sum by (le) (rate(x_bucket[$__rate_interval])))',
        'sum(max without (instance) (increase(x_total[$__rate_interval])))',
        'changes(x_total[$__range])',
      ];
      expect(rulesFound(queries(...ok))).toEqual([]);
    });
  });

  describe('job-instance-variables', () => {
    it('reports an instance matcher that ignores the instance variable', () => {
      const dashboard = dashboardWithQueries(['up{instance="exporter:9470"}'], [instanceVariable()]);
      expect(lintDashboard(dashboard).map(formatLintProblem)).toEqual(['test › "Panel" (A): job-instance-variables: matches instance="exporter:9470"; use instance=~"$instance"']);
    });

    it('accepts the variable, and fixed matchers where the dashboard has no such variable', () => {
      expect(rulesFound(dashboardWithQueries(['up{instance=~"$instance", job="pulse-exporter"}'], [instanceVariable()]))).toEqual([]);
    });
  });

  describe('not-editable', () => {
    it('reports a dashboard editable in the UI', () => {
      expect(rulesFound({ ...queries('up'), editable: true })).toEqual(['not-editable']);
    });
  });
});
