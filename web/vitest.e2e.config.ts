// Browser tests (playwright-core + Debian Chromium) against the real server; see test/e2e/harness.ts.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    // CI collects a JSON report per suite to print one summary line (see .ci/run).
    reporters: process.env.VITEST_JSON_DIR ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_DIR ? { json: `${process.env.VITEST_JSON_DIR}/web-e2e.json` } : undefined,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
  },
})
