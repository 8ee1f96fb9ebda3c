import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EVAL_PROFILE, EvalSetError, evaluate, parseEvalSet, profileFor, scorePredictions, scoreTags } from './classifier-eval.js'
import { classifyOffline } from '../src/adapters/llm/offline/classify.js'

const dataFile = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url))
const offline = (text: string, history: Parameters<typeof classifyOffline>[0]['history']) => classifyOffline({ text, history, profile: EVAL_PROFILE }).mode

describe('The classifier eval', () => {
  it('keeps the offline classifier above its measured floor on the committed eval set', async () => {
    const report = await evaluate(parseEvalSet(readFileSync(dataFile('classifier-eval.jsonl'), 'utf8')), offline)
    expect(report.n).toBeGreaterThanOrEqual(300)
    // Measured 0.99 when committed; the floor leaves room for deliberate trade-offs, not for regressions.
    expect(report.macroF1).toBeGreaterThanOrEqual(0.95)
  })

  it('keeps the offline classifier above its floor on the second set', async () => {
    const report = await evaluate(parseEvalSet(readFileSync(dataFile('classifier-heldout.jsonl'), 'utf8')), offline)
    expect(report.macroF1).toBeGreaterThanOrEqual(0.9)
  })

  it('computes per-mode precision, recall, F1 and macro-F1 over the modes present', () => {
    const report = scorePredictions([
      { expected: 'faq', predicted: 'faq' },
      { expected: 'faq', predicted: 'order' },
      { expected: 'order', predicted: 'order' },
      { expected: 'complaint', predicted: 'complaint' },
    ])
    expect(report.n).toBe(4)
    expect(report.accuracy).toBe(0.75)
    expect(report.perMode.faq).toEqual({ precision: 1, recall: 0.5, f1: 0.6667, support: 2 })
    expect(report.perMode.order).toEqual({ precision: 0.5, recall: 1, f1: 0.6667, support: 1 })
    expect(report.perMode.other.support).toBe(0)
    expect(report.macroF1).toBe(0.7778)
  })

  it('names the line of a malformed entry', () => {
    const good = '{"text":"halo","lang":"id","mode":"other"}'
    expect(() => parseEvalSet(`${good}\n\n{"text":"x","lang":"id","mode":"gossip"}`)).toThrow(EvalSetError)
    expect(() => parseEvalSet(`${good}\n\n{"text":"x","lang":"id","mode":"gossip"}`)).toThrow(/^line 3: mode/)
    expect(() => parseEvalSet(`${good}\nnot json`)).toThrow('line 2: not valid JSON')
    expect(parseEvalSet(`${good}\n`)).toHaveLength(1)
  })

  it('scores known tags per tag, macro over the tags the set expects and micro over all decisions', () => {
    const report = scoreTags([
      { expected: ['price_inquiry', 'needs_follow_up'], predicted: ['price_inquiry'] },
      { expected: ['greeting'], predicted: ['greeting', 'needs_follow_up'] },
    ])
    expect(report.perTag.price_inquiry).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 })
    expect(report.perTag.needs_follow_up).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 })
    expect(report.tagMacroF1).toBe(0.6667)
    expect(report.tagMicroF1).toBe(0.6667)
  })

  it('adds tag and product scores when the lines carry them, matching the product to the line\'s items', async () => {
    const items = parseEvalSet([
      '{"text":"kopsu aren brp kak","lang":"id","mode":"faq","tags":["price_inquiry","needs_follow_up"],"product":"Es Kopi Susu Gula Aren","items":["Es Kopi Susu Gula Aren","Americano"]}',
      '{"text":"jam berapa tutup","lang":"id","mode":"faq","tags":[],"product":null}',
    ].join('\n'))
    const report = await evaluate(items, (text, history, item) => classifyOffline({ text, history, profile: profileFor(item) }))
    expect(report.tagMacroF1).toBeTypeOf('number')
    expect(report.perTag?.price_inquiry?.support).toBe(1)
    expect(report.productAccuracy).toBeTypeOf('number')
    expect(report.errors.every((e) => e.predictedTags !== undefined)).toBe(true)
  })
})
