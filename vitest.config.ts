import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'db/**/*.test.ts',
      'tiles/**/*.test.ts',
      'seeds/**/*.test.ts',
      'scripts/**/*.test.ts',
      'client/e2e/**/*.test.ts',
      'client/src/**/*.test.ts',
    ],
    globalSetup: ['server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
