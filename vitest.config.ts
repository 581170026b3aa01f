import { defineConfig } from 'vitest/config';

// Unit tests: pure logic, no servers. Integration tests: the real Kafka broker, schema registry
// and PostgreSQL, started by test/global-setup.ts unless KAFKA_BROKERS etc. point elsewhere.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.unit.spec.ts'],
          exclude: ['node_modules/**'],
          // Limits against a hang, not a speed check: CI runs on a busy machine, where starting
          // PGlite or scanning a megabyte can take many times its idle duration.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['**/*.int.spec.ts'],
          exclude: ['node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two cores: integration files share one broker; run them one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
