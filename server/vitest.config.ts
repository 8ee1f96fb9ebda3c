import { defineConfig } from 'vitest/config'

// One config for every server tier. Integration tests (*.int.test.ts) and the simulator suite talk
// to real PostgreSQL, Redis and stock Baileys; test/global-setup.ts makes sure those servers exist.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sim/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    // CI collects a JSON report per run to print one summary line across server and web suites.
    reporters: process.env.VITEST_JSON_DIR ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_DIR ? { json: `${process.env.VITEST_JSON_DIR}/server.json` } : undefined,
  },
})
