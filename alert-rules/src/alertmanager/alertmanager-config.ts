/**
 * The part of Alertmanager 0.25's configuration file that Pulse writes, with Alertmanager's own
 * key names, so rendering is plain serialisation. Key order in these objects is the order on disk.
 */

export interface AlertmanagerConfig {
  readonly global?: GlobalConfig;
  /** Template files, relative to the configuration file's folder. */
  readonly templates?: readonly string[];
  readonly route: Route;
  readonly receivers: readonly Receiver[];
  readonly inhibit_rules: readonly InhibitRule[];
}

export interface GlobalConfig {
  readonly smtp_from: string;
  readonly smtp_smarthost: string;
  readonly smtp_auth_username?: string;
  readonly smtp_auth_password_file?: string;
  readonly smtp_require_tls: boolean;
}

export interface Route {
  readonly receiver: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly continue?: boolean;
  readonly routes?: readonly Route[];
}

export interface Receiver {
  readonly name: string;
  readonly webhook_configs?: readonly WebhookConfig[];
  readonly slack_configs?: readonly SlackConfig[];
  readonly email_configs?: readonly EmailConfig[];
}

export interface WebhookConfig {
  readonly url: string;
  readonly send_resolved: boolean;
  readonly http_config?: { readonly authorization: { readonly type: 'Bearer'; readonly credentials_file: string } };
}

export interface SlackConfig {
  readonly api_url_file: string;
  readonly channel: string;
  readonly send_resolved: boolean;
  readonly title: string;
  readonly text: string;
}

export interface EmailConfig {
  readonly to: string;
  readonly send_resolved: boolean;
  readonly headers: { readonly Subject: string };
  readonly text: string;
  /** '' sends no HTML part, so mail clients show the text part (the shared wording). */
  readonly html: string;
}

export interface InhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
}
