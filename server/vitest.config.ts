import { defineConfig } from 'vitest/config'

// One config for every server tier. Integration tests (*.int.test.ts) and the simulator suite talk
// to real PostgreSQL, Redis and stock Baileys; test/global-setup.ts makes sure those servers exist.
// The crash tests run real product processes under traffic and kill them: they get the machine to
// themselves (a second group, one file at a time) so their deadlines measure the product, not the
// other suites sharing two cores.
const CRASH_TESTS = ['test/e2e/gateway-crash.e2e.test.ts', 'test/e2e/media-send-crash.e2e.test.ts', 'test/e2e/webhooks-crash.e2e.test.ts', 'test/e2e/pipeline-crash.e2e.test.ts', 'test/e2e/two-gateways.e2e.test.ts', 'test/e2e/chaos.e2e.test.ts']

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    // CI collects a JSON report per run to print one summary line across server and web suites.
    reporters: process.env.VITEST_JSON_DIR ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_DIR ? { json: `${process.env.VITEST_JSON_DIR}/server.json` } : undefined,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['src/**/*.test.ts', 'sim/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: CRASH_TESTS,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'crash', include: CRASH_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
})
