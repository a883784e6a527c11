// The client lives in common/prometheus/query-range-client.ts (the forecaster reads through it too).
export * from '../../common/prometheus/query-range-client';
