// Lint rules that keep the architecture honest: only the Baileys adapter imports Baileys, only
// the OpenAI adapter imports openai, only config reads the environment, product code never
// reaches into the simulator, nothing that is built for production imports test-only code, a
// module reaches another only through its service, and SQL stays in repositories
// (eslint/architecture.js; the module cycle check is eslint/module-cycles.js).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import architecture from './eslint/architecture.js'

const restricted = (paths, patterns = []) => ['error', { paths, patterns }]

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'bench/out/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/whatsapp/baileys/**', 'src/adapters/llm/openai/**', 'src/demo/**'],
    rules: {
      'no-restricted-imports': restricted(
        [
          { name: '@whiskeysockets/baileys', message: 'Only src/adapters/whatsapp/baileys/ may import Baileys.' },
          { name: 'openai', message: 'Only src/adapters/llm/openai/ may import openai.' },
        ],
        [
          { group: ['**/sim/**', '**/sim'], message: 'Product code must not import the simulator (only src/demo may, guarded).' },
          { group: ['openai/*'], message: 'Only src/adapters/llm/openai/ may import openai.' },
          { group: ['@whiskeysockets/baileys/*'], message: 'Only src/adapters/whatsapp/baileys/ may import Baileys.' },
        ],
      ),
    },
  },
  {
    // What tsconfig.build.json compiles into dist/ must not import test helpers, benchmarks or the
    // simulator's test tooling: they are not built, so production would fail at import time.
    // typescript-eslint's copy of the rule is used so these options do not replace the ones above
    // (flat config does not merge one rule's options across blocks).
    files: ['src/**/*.ts', 'sim/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/**/*.contract.ts', 'sim/test/**', 'sim/testing/**', 'sim/load/**', 'sim/cli/check.ts', 'sim/cli/load.ts', 'sim/cli/bare-load.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([], [
        { group: ['**/test/**', '**/bench/**', '**/testing/**'], message: 'Production code must not import test-only code (test/, bench/, testing/).' },
      ]),
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings from the Config object; only src/config reads process.env.' }],
    },
  },
  {
    // Tests may read any table to check what was stored; product code goes through services.
    files: ['src/modules/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { architecture },
    rules: {
      'architecture/module-boundaries': 'error',
      'architecture/sql-in-repositories': 'error',
    },
  },
)
