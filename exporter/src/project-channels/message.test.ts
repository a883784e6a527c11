import { messageText, messageTitle } from '../../../alert-rules/src/messages/render-text';
import type { AlertNotification } from '../alerts/types';
import { projectAlertGroups, projectAlertRule } from '../project-alerts/render';
import type { ProjectAlert } from '../project-alerts/types';
import { emailMessage, messageFacts, slackPayload, toMessage } from './message';

const alert: ProjectAlert = {
  id: '0123456789abcdef01234567',
  project_id: 'acme',
  metric_name: 'participant_minutes',
  alert_name: 'Too many minutes',
  condition: 'gt',
  threshold: 100,
  duration: 5,
  severity: 'high',
  notification_channels: ['webhook', 'slack'],
  is_active: true,
  created_at: '2026-12-07T00:00:00.000Z',
  updated_at: '2026-12-07T00:00:00.000Z',
};
const USAGE = { kind: 'usage', type: 'participant_minutes' } as const;
const RUNBOOK = 'https://runbooks.example.com/pulse/projectalert';
const DASHBOARD = 'https://grafana.example.com/d/pulse-usage?var-project={project}';

/** The notification Alertmanager sends for the rule, with its annotations as Prometheus rendered them. */
function firing(annotations: Record<string, string>): AlertNotification {
  return {
    status: 'firing',
    alertname: 'ProjectAlert',
    severity: 'high',
    project: 'acme',
    labels: { alert_id: alert.id, project: 'acme', project_channels: 'slack,webhook', severity: 'high' },
    annotations: { ...annotations, value: '130' },
    startsAt: '2026-12-07T04:00:00.123Z',
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: 'f',
    receiver: 'pulse-history',
    receivedAtMs: 0,
  };
}

describe('project messages', () => {
  it("link the project's dashboard when project_alerts.dashboard_url is set, with the project in place of {project}", () => {
    const rule = projectAlertRule(alert, RUNBOOK, USAGE, DASHBOARD);
    expect(rule.annotations.dashboard_url).toBe('https://grafana.example.com/d/pulse-usage?var-project=acme');
    expect(projectAlertRule(alert, RUNBOOK, USAGE).annotations).not.toHaveProperty('dashboard_url');
    expect(projectAlertGroups('acme', [alert], RUNBOOK, [], DASHBOARD)[0].rules[0]).toEqual(rule);

    const message = toMessage(firing(rule.annotations), 'slack');
    expect(message.dashboard_url).toBe('https://grafana.example.com/d/pulse-usage?var-project=acme');
    expect(slackPayload(message).text).toContain('\nDashboard: https://grafana.example.com/d/pulse-usage?var-project=acme\nRunbook: ');
    expect(toMessage(firing(projectAlertRule(alert, RUNBOOK, USAGE).annotations), 'slack').dashboard_url).toBeNull();
  });

  it("read as the shared wording: Slack's text and the mail's subject and body are the operator's templates' title and text", () => {
    const message = toMessage(firing(projectAlertRule(alert, RUNBOOK, USAGE, DASHBOARD).annotations), 'email');
    const facts = messageFacts(message);
    expect(messageTitle(facts)).toBe('[TRIGGERED] Too many minutes: 130 > 100 (project acme, high)');
    expect(slackPayload(message)).toEqual({ text: messageText(facts) });
    expect(emailMessage(message)).toEqual({ subject: messageTitle(facts), text: `${messageText(facts)}\nDelivery: ${message.delivery_id}\n` });
  });
});
