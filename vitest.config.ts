import { defineConfig } from 'vitest/config';

/**
 * Four projects: database tests run once on SQLite and once on PostgreSQL; `*.unit.test.ts` need no database and
 * run once; `e2e/` drives the built UI in headless Chromium. `npm test` runs them all (scripts/test.mjs).
 */
const databaseTests = ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'];
const unitTests = ['server/src/**/*.unit.test.ts', 'server/test/**/*.unit.test.ts', 'web/src/**/*.unit.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: unitTests },
      },
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: databaseTests,
          exclude: unitTests,
          env: { TEST_ENGINE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: databaseTests,
          exclude: unitTests,
          env: { TEST_ENGINE: 'postgres' },
          globalSetup: ['server/test/postgres-template.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['e2e/**/*.e2e.test.ts'],
          env: { TEST_ENGINE: 'sqlite' },
          fileParallelism: false,
        },
      },
    ],
  },
});
