/** Alert bodies for tests: a valid one, and invalid ones each with the field its 400 must name. Not a test itself. */

export function validAlertBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    project_id: 'acme',
    metric_name: 'participant_minutes',
    alert_name: 'Too many participant minutes',
    condition: 'gt',
    threshold: 100,
    duration: 5,
    severity: 'high',
    notification_channels: ['webhook', 'email'],
    ...overrides,
  };
}

export interface InvalidAlertBody {
  readonly name: string;
  readonly body: unknown;
  /** The field the answer must name. */
  readonly field: string;
}

const without = (key: string) => {
  const body = validAlertBody();
  delete body[key];
  return body;
};

const change = (name: string, field: string, value: unknown): InvalidAlertBody => ({ name, body: validAlertBody({ [field]: value }), field });

export const INVALID_ALERT_BODIES: readonly InvalidAlertBody[] = [
  { name: 'no metric_name', body: without('metric_name'), field: 'metric_name' },
  change('a metric_name that is no usage type', 'metric_name', 'cpu_seconds'),
  change('a metric_name that is a number', 'metric_name', 5),
  change('a metric_name given as the catalogue name', 'metric_name', 'pulse_usage_participant_minutes_total'),
  { name: 'no alert_name', body: without('alert_name'), field: 'alert_name' },
  change('an empty alert_name', 'alert_name', ''),
  change('an alert_name of spaces only', 'alert_name', '   '),
  change('an alert_name of 101 characters', 'alert_name', 'x'.repeat(101)),
  change('an alert_name holding a template', 'alert_name', 'value {{ $value }}'),
  change('an alert_name holding a newline', 'alert_name', 'two\nlines'),
  change('an alert_name that is a number', 'alert_name', 42),
  { name: 'no condition', body: without('condition'), field: 'condition' },
  change('an unknown condition', 'condition', 'above'),
  change('a condition in capitals', 'condition', 'GT'),
  { name: 'no threshold', body: without('threshold'), field: 'threshold' },
  change('a threshold given as text', 'threshold', '100'),
  change('a threshold above the bound', 'threshold', 1e16),
  change('a threshold below the bound', 'threshold', -1e16),
  change('a null threshold', 'threshold', null),
  { name: 'no duration', body: without('duration'), field: 'duration' },
  change('a duration of 0 minutes', 'duration', 0),
  change('a fractional duration', 'duration', 1.5),
  change('a duration past one day', 'duration', 1441),
  change('a negative duration', 'duration', -5),
  change('a duration given as text', 'duration', '5m'),
  { name: 'no severity', body: without('severity'), field: 'severity' },
  change('the severity info, which the API does not offer', 'severity', 'info'),
  change('an unknown severity', 'severity', 'urgent'),
  change('notification_channels that is not a list', 'notification_channels', 'email'),
  { name: 'an unknown channel', body: validAlertBody({ notification_channels: ['sms'] }), field: 'notification_channels[0]' },
  change('a channel listed twice', 'notification_channels', ['email', 'email']),
  change('more channels than there are', 'notification_channels', ['email', 'webhook', 'slack', 'email']),
  change('is_active given as text', 'is_active', 'yes'),
  change('an unknown field', 'window', '5m'),
  change('a raw query', 'query', 'up'),
  // Found by the alert-rules model, not the API's shape: an increase is never negative.
  { name: 'a counter alert below 0 that can never fire', body: validAlertBody({ condition: 'lt', threshold: 0 }), field: 'threshold' },
  { name: 'a counter alert at or below a negative threshold', body: validAlertBody({ condition: 'lte', threshold: -5 }), field: 'threshold' },
];
