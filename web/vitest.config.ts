// Unit tests: stores, composables' pure cores and helpers, in plain Node (no DOM, no Nuxt).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // CI collects a JSON report per suite to print one summary line (see .ci/run).
    reporters: process.env.VITEST_JSON_DIR ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_DIR ? { json: `${process.env.VITEST_JSON_DIR}/web-unit.json` } : undefined,
  },
})
