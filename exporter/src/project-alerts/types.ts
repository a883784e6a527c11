/**
 * A project's own alert, as the analytics API takes it (the original design's MetricAlert) and as
 * the store keeps it. Rendered into that project's rule file; see definition.ts for the rules.
 */

export const ALERT_CONDITIONS = ['gt', 'gte', 'lt', 'lte', 'eq', 'ne'] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const PROJECT_CHANNELS = ['email', 'webhook', 'slack'] as const;
export type ProjectChannel = (typeof PROJECT_CHANNELS)[number];

/** What a caller may set (POST and PUT bodies, after validation). */
export interface ProjectAlertFields {
  /** A usage type, or the name of a custom metric definition of the same project (see alert-metric.ts). */
  readonly metric_name: string;
  readonly alert_name: string;
  readonly condition: AlertCondition;
  readonly threshold: number;
  /** Minutes: the window a counter's increase is taken over, and how long the condition must hold. */
  readonly duration: number;
  readonly severity: AlertSeverity;
  readonly notification_channels: readonly ProjectChannel[];
  /** Inactive alerts are kept but not rendered, so they never fire. */
  readonly is_active: boolean;
}

export interface ProjectAlert extends ProjectAlertFields {
  readonly id: string;
  readonly project_id: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** When the alert last started firing and how many times it did (from the webhook). */
export interface AlertTriggerStats {
  readonly last_triggered: string | null;
  readonly trigger_count: number;
}

export type StoredProjectAlert = ProjectAlert & AlertTriggerStats;

export const NO_TRIGGERS: AlertTriggerStats = Object.freeze({ last_triggered: null, trigger_count: 0 });
