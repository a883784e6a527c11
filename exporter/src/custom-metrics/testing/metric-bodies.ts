/** Custom metric bodies for tests: a valid one, and invalid ones each with the field its 400 must name. Not a test itself. */

export function validCustomMetricBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    project_id: 'acme',
    name: 'eu_participant_minutes',
    description: 'Participant minutes per second in eu-west',
    metric_type: 'counter',
    unit: 'minutes',
    aggregation: 'sum',
    query: { metric: 'participant_minutes', match: { region: 'eu-west' } },
    is_active: true,
    ...overrides,
  };
}

export interface InvalidCustomMetricBody {
  readonly name: string;
  readonly body: unknown;
  /** The field the answer must name. */
  readonly field: string;
}

const without = (key: string) => {
  const body = validCustomMetricBody();
  delete body[key];
  return body;
};

const change = (name: string, field: string, value: unknown): InvalidCustomMetricBody => ({ name, body: validCustomMetricBody({ [field]: value }), field });
const query = (name: string, field: string, value: unknown): InvalidCustomMetricBody => ({ name, body: validCustomMetricBody({ query: value }), field });

export const INVALID_CUSTOM_METRIC_BODIES: readonly InvalidCustomMetricBody[] = [
  { name: 'a body that is a list', body: [validCustomMetricBody()], field: '(body)' },
  { name: 'a body that is text', body: 'eu_participant_minutes', field: '(body)' },
  { name: 'no name', body: without('name'), field: 'name' },
  change('an empty name', 'name', ''),
  change('a name in capitals', 'name', 'EuMinutes'),
  change('a name starting with a digit', 'name', '1eu'),
  change('a name with a dash', 'name', 'eu-minutes'),
  change('a name with a colon', 'name', 'eu:minutes'),
  change('a name of 65 characters', 'name', 'x'.repeat(65)),
  change('a name that is a number', 'name', 7),
  change('a description of 501 characters', 'description', 'x'.repeat(501)),
  change('a description holding a newline', 'description', 'two\nlines'),
  change('a description that is a number', 'description', 3),
  { name: 'no metric_type', body: without('metric_type'), field: 'metric_type' },
  change('an unknown metric_type', 'metric_type', 'summary'),
  change('a metric_type that does not match the usage (gauge of a counter)', 'metric_type', 'gauge'),
  change('a histogram metric_type of a counter', 'metric_type', 'histogram'),
  change('a unit in capitals', 'unit', 'Minutes'),
  change('a unit with a space', 'unit', 'per minute'),
  change('a unit of 21 characters', 'unit', 'x'.repeat(21)),
  change('a unit that is a number', 'unit', 60),
  { name: 'no aggregation', body: without('aggregation'), field: 'aggregation' },
  change('an unknown aggregation', 'aggregation', 'median'),
  change('an aggregation in capitals', 'aggregation', 'SUM'),
  { name: 'no query', body: without('query'), field: 'query' },
  change('a raw PromQL query', 'query', 'sum(rate(pulse_usage_participant_minutes_total[5m]))'),
  change('a null query', 'query', null),
  query('a query without a metric', 'query.metric', { match: {} }),
  query('a query over a metric that is no usage type', 'query.metric', { metric: 'cpu_seconds' }),
  query('a query over a catalogue name', 'query.metric', { metric: 'pulse_usage_participant_minutes_total' }),
  query('a query with an unknown key', 'query.expr', { metric: 'participant_minutes', expr: 'up' }),
  query('a match that is a list', 'query.match', { metric: 'participant_minutes', match: ['eu-west'] }),
  query('a match on a label the usage lacks', 'query.match.vantage', { metric: 'participant_minutes', match: { vantage: 'x' } }),
  query('a match on the project', 'query.match.project', { metric: 'participant_minutes', match: { project: 'globex' } }),
  query('a match label that is no label name', 'query.match.Region', { metric: 'participant_minutes', match: { Region: 'eu-west' } }),
  query('an empty match value', 'query.match.region', { metric: 'participant_minutes', match: { region: '' } }),
  query('a match value of 101 characters', 'query.match.region', { metric: 'participant_minutes', match: { region: 'x'.repeat(101) } }),
  query('a match value that is a number', 'query.match.region', { metric: 'participant_minutes', match: { region: 1 } }),
  query('a match value holding a newline', 'query.match.region', { metric: 'participant_minutes', match: { region: 'eu\nwest' } }),
  query('by that is not a list', 'query.by', { metric: 'participant_minutes', by: 'region' }),
  query('by a label the usage lacks', 'query.by[0]', { metric: 'participant_minutes', by: ['vantage'] }),
  query('by the project', 'query.by[0]', { metric: 'participant_minutes', by: ['project'] }),
  query('by a label twice', 'query.by', { metric: 'participant_minutes', by: ['region', 'region'] }),
  change('is_active given as text', 'is_active', 'yes'),
  change('an unknown field', 'window', '5m'),
  change('a project_id that is a number', 'project_id', 5),
];
