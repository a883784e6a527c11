/** Jest runs the TypeScript sources through ts-jest without type-checking (tsc does that once, in `npm run typecheck`). */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// Every top-level component with tests; a component not created yet is skipped.
const COMPONENTS = ['common', 'exporter', 'export', 'demo', 'scripts', 'alert-rules', 'forecaster', 'grafana', 'bench'];

module.exports = {
  testEnvironment: 'node',
  roots: COMPONENTS.filter((dir) => existsSync(join(__dirname, dir))).map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30000,
  // Integration tests start real servers on loopback; two workers fit the 2-core machines we run on.
  maxWorkers: 2,
};
