/**
 * The original design's frontend client for analytics (seeds/000, "API Client Files",
 * `/app/frontend/src/api/analytics.js`), written as the seed writes it: same functions, paths,
 * methods and parameters, with the project's key on every request. The custom metric and alert
 * functions are the write side, built elsewhere; they are here so the client is the seed's whole.
 */
import { seedApiHelpers, type SeedRequestConfig } from './seed-regions-client';

export function seedAnalyticsAPI(baseUrl: string, key: string) {
  const { get, post } = seedApiHelpers(baseUrl, key);
  return {
    // Custom Metrics
    createCustomMetric: (data: unknown) => post('/analytics/metrics/custom', data),
    getCustomMetrics: (projectId: string) => get(`/analytics/metrics/custom/${projectId}`),

    // Alerts
    createAlert: (data: unknown) => post('/analytics/alerts', data),
    getAlerts: (projectId: string) => get(`/analytics/alerts/${projectId}`),
    checkAlerts: (projectId: string) => post(`/analytics/alerts/${projectId}/check`),
    getRecentTriggers: (projectId: string, limit: number) => get(`/analytics/triggers/${projectId}?limit=${limit}`),

    // Real-time
    getRealTimeDashboard: (projectId: string) => get(`/analytics/realtime/${projectId}`),

    // Export
    exportAnalytics: (projectId: string, params: SeedRequestConfig['params']) => post(`/analytics/export/${projectId}`, null, { params }),
    getExportStatus: (exportId: string) => get(`/analytics/export/status/${exportId}`),

    // Forecast
    forecastUsage: (projectId: string, metricType: string, days: number) => get(`/analytics/forecast/${projectId}?metric_type=${metricType}&days=${days}`),
  };
}
