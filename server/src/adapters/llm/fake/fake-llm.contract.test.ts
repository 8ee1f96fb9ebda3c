import { describe, expect, it } from 'vitest'
import { CONTRACT_PROFILE, llmContract } from '../llm.contract.js'
import { FakeLlm } from './fake-llm.js'

llmContract('The fake LLM', { create: () => new FakeLlm() })

describe('The fake LLM', () => {
  it('returns scripted fields for a scripted message and records the call', async () => {
    const fake = new FakeLlm().script('halo', { mode: 'order', intent: 'place_order' })
    const c = await fake.classify({ text: 'halo', history: [], profile: CONTRACT_PROFILE })
    expect(c.mode).toBe('order')
    expect(fake.calls).toHaveLength(1)
    expect(fake.calls[0]?.method).toBe('classify')
  })

  it('fails the next call once when told to', async () => {
    const fake = new FakeLlm().failNext(new Error('boom'))
    await expect(fake.classify({ text: 'halo', history: [], profile: CONTRACT_PROFILE })).rejects.toThrow('boom')
    await expect(fake.classify({ text: 'halo', history: [], profile: CONTRACT_PROFILE })).resolves.toMatchObject({ mode: 'other' })
  })
})
