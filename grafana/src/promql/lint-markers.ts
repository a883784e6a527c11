/**
 * A PromQL comment that tells the dashboard linter a range other than $__rate_interval is meant.
 * PromQL ignores comments, so Prometheus runs the query unchanged and Grafana shows the reason to
 * whoever opens the query.
 */
export const FIXED_WINDOW_MARKER = '# pulse-lint: fixed window:';
