// Lint rules that keep the architecture honest: only the Baileys adapter imports Baileys, only
// the OpenAI adapter imports openai, only config reads the environment, and product code never
// reaches into the simulator.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const restricted = (paths, patterns = []) => ['error', { paths, patterns }]

export default tseslint.config(
  { ignores: ['node_modules/**', 'bench/out/**', '**/*.d.ts'] },
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
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings from the Config object; only src/config reads process.env.' }],
    },
  },
)
