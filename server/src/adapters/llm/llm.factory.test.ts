import { describe, expect, it } from 'vitest'
import { createLlm } from './llm.factory.js'
import { OfflineLlm } from './offline/offline-llm.js'
import { OpenAiLlm } from './openai/openai-llm.js'

describe('Choosing the AI implementation', () => {
  it('uses the offline classifier when the tenant has no key', () => {
    expect(createLlm()).toBeInstanceOf(OfflineLlm)
    expect(createLlm({ apiKey: '   ', model: 'gpt-4o' })).toBeInstanceOf(OfflineLlm)
  })

  it('uses the OpenAI adapter with the default model when a key is set', () => {
    const llm = createLlm({ apiKey: 'sk-x', baseUrl: 'http://127.0.0.1:1/v1' })
    expect(llm).toBeInstanceOf(OpenAiLlm)
    expect(llm.source).toBe('openai')
    expect((llm as OpenAiLlm).model).toBe('gpt-4o-mini')
  })
})
