import { defineConfig } from 'vitest/config'

/**
 * Two projects. `unit`: pure logic, no database, no network. `int`: against a real Postgres and a
 * real production server that `scripts/test.ts` starts and describes through the environment
 * (DATABASE_URL, TEST_SERVER_URL, TEST_PG_ADMIN_URL); files run one at a time because they share
 * that database.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'int',
          include: ['tests/int/**/*.int.spec.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
