import { afterAll, beforeAll } from 'vitest'
import { llmContract } from '../llm.contract.js'
import { llmRuleResponder } from '../../../../test/support/llm/llm-rule-responder.js'
import { OpenAiCompatibleServer } from '../../../../test/support/llm/openai-compatible-server.js'
import { OpenAiLlm } from './openai-llm.js'

let server: OpenAiCompatibleServer
beforeAll(async () => { server = await OpenAiCompatibleServer.start({ responder: llmRuleResponder }) })
afterAll(async () => { await server.close() })

llmContract('The OpenAI adapter against an OpenAI-compatible server', {
  create: () => new OpenAiLlm({ apiKey: 'sk-test', baseUrl: server.url, model: 'gpt-test', timeoutMs: 5_000 }),
})
