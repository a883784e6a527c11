/** One alert notification as received from Alertmanager's webhook and kept for the history. */
export interface AlertNotification {
  readonly status: 'firing' | 'resolved';
  readonly alertname: string;
  readonly severity: string;
  /** The alert's project label, or '' when it has none. */
  readonly project: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
  readonly receiver: string;
  /** When the exporter received it, Unix milliseconds. */
  readonly receivedAtMs: number;
}

export interface NotificationFilter {
  readonly project?: string;
  readonly severity?: string;
  /** 1–100. */
  readonly limit: number;
}

export interface NotificationCount {
  readonly alertname: string;
  readonly severity: string;
  readonly status: 'firing' | 'resolved';
  readonly count: number;
}
