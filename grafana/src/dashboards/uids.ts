/** Dashboard uids never change: bookmarks, links and alert annotations point at them. */
export const DASHBOARD_UIDS = {
  regions: 'pulse-regions',
  usage: 'pulse-usage',
  forecast: 'pulse-forecast',
  alerts: 'pulse-alerts',
  internals: 'pulse-internals',
} as const;
