// web/app/types/api.generated.ts is generated from the OpenAPI document the product serves: this
// test builds the app, generates the file and fails when the committed one differs (a route's
// schema changed without `npm run gen:api-types`). With UPDATE_API_TYPES=1 it writes the file.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FakeWhatsApp } from '../../src/adapters/whatsapp/fake/fake-whatsapp.js'
import { startGateway, type GatewayHarness } from '../gateway-harness.js'
import { openApiToTs } from './openapi-to-ts.js'

const TARGET = fileURLToPath(new URL('../../../web/app/types/api.generated.ts', import.meta.url))
let gw: GatewayHarness

beforeAll(async () => { gw = await startGateway({ overrides: { whatsapp: new FakeWhatsApp() }, listen: false }) }, 60_000)
afterAll(async () => { await gw?.close() })

it('web/app/types/api.generated.ts is what the OpenAPI document generates (run npm run gen:api-types)', async () => {
  const doc = (await gw.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
  const generated = openApiToTs(doc)
  if (process.env.UPDATE_API_TYPES === '1') writeFileSync(TARGET, generated)
  let committed = ''
  try { committed = readFileSync(TARGET, 'utf8') } catch {}
  expect(committed === generated, 'web/app/types/api.generated.ts is stale: run `npm run gen:api-types`').toBe(true)
})
