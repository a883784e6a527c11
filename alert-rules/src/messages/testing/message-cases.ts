/** Test helper: alerts whose messages the golden files hold, and each as Alertmanager's API takes it. Not a test itself. */
import { GO_FIELDS } from '../render-go-template';
import type { MessageFacts, TextField } from '../wording';

export interface MessageCase {
  readonly name: string;
  readonly facts: MessageFacts;
}

const STARTED = '2026-12-07T04:00:00Z';

export const MESSAGE_CASES: readonly MessageCase[] = [
  {
    name: 'project-alert-firing',
    facts: {
      firing: true,
      title: 'Minutes surge',
      severity: 'high',
      value: '150',
      condition: 'gt',
      threshold: '100',
      project: 'acme',
      description: 'the increase of pulse_usage_participant_minutes_total over the last 1m, summed over regions > 100 for 1m (project acme)',
      dashboardUrl: 'https://grafana.example.com/d/pulse-usage?var-project=acme',
      runbookUrl: 'https://runbooks.example.com/pulse/projectalert',
      startsAt: STARTED,
    },
  },
  {
    name: 'region-down-firing',
    facts: {
      firing: true,
      title: 'Region eu-west is down',
      severity: 'critical',
      region: 'eu-west',
      description: 'At least 1 vantage point(s) see region eu-west down: clients are sent to its failover regions.',
      runbookUrl: 'https://runbooks.example.com/pulse/pulseregiondown',
      startsAt: STARTED,
    },
  },
  {
    name: 'storage-resolved',
    facts: {
      firing: false,
      title: 'Storage quota',
      severity: 'medium',
      value: '4900000000',
      condition: 'gte',
      threshold: '5000000000',
      region: 'us-east',
      project: 'globex',
      description: 'pulse_usage_storage_bytes (its current level), summed over regions ≥ 5000000000 for 10m (project globex)',
      runbookUrl: 'https://runbooks.example.com/pulse/projectalert',
      startsAt: STARTED,
      endsAt: '2026-12-07T04:30:00Z',
    },
  },
];

/** The alert that carries these facts, as POST /api/v2/alerts takes it (the fields Alertmanager's templates read). */
export function alertmanagerAlert(facts: MessageFacts, alertname: string): { labels: Record<string, string>; annotations: Record<string, string>; startsAt?: string; endsAt?: string } {
  const labels: Record<string, string> = { alertname };
  const annotations: Record<string, string> = {};
  for (const [field, path] of Object.entries(GO_FIELDS) as Array<[TextField, string]>) {
    const value = facts[field];
    if (value === undefined) continue;
    const [, kind, key] = path.split('.');
    if (kind === 'Labels') labels[key] = value;
    if (kind === 'Annotations') annotations[key] = value;
  }
  return { labels, annotations, startsAt: facts.startsAt, endsAt: facts.endsAt };
}
