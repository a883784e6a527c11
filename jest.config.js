/** Jest runs the TypeScript sources through ts-jest without type-checking (tsc does that once, in `npm run typecheck`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/common', '<rootDir>/exporter', '<rootDir>/demo', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30000,
  // Integration tests start real servers on loopback; two workers fit the 2-core machines we run on.
  maxWorkers: 2,
};
