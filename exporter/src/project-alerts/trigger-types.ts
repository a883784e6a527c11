/** One firing of a project alert and its lifecycle (seeds 000 and 001): triggered → acknowledged → resolved. */
export type TriggerStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface ProjectTrigger {
  /** The same on every replica: a hash of project, alert id and the firing's start. */
  readonly id: string;
  readonly project_id: string;
  readonly alert_id: string;
  readonly alert_name: string;
  readonly severity: string;
  readonly status: TriggerStatus;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly triggered_at: string;
  readonly acknowledged_at: string | null;
  readonly acknowledged_by: string | null;
  readonly comment: string | null;
  readonly resolved_at: string | null;
  /** How it was resolved: the condition stopped holding, or the project resolved it. */
  readonly resolved_by: 'condition' | 'project' | null;
  /** The Alertmanager silence of the acknowledgement, while it lasts. */
  readonly silence_id: string | null;
  /** Escalation steps sent so far (absent in triggers stored before escalation existed: 0). */
  readonly escalations?: number;
}
