import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OpenAiCompatibleServer, sampleFromSchema } from './openai-compatible-server.js'

let server: OpenAiCompatibleServer
beforeEach(async () => { server = await OpenAiCompatibleServer.start() })
afterEach(async () => { await server.close() })

const post = (body: unknown, path = '/chat/completions') =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('The OpenAI-compatible test server', () => {
  it('answers in the chat.completion shape and records the request', async () => {
    const res = await post({ model: 'm1', messages: [{ role: 'user', content: 'hi' }] })
    const body = (await res.json()) as any
    expect(res.status).toBe(200)
    expect(body).toMatchObject({ object: 'chat.completion', model: 'm1', choices: [{ index: 0, message: { role: 'assistant', content: 'OK', refusal: null }, finish_reason: 'stop' }] })
    expect(typeof body.id).toBe('string')
    expect(typeof body.created).toBe('number')
    expect(body.usage).toBeDefined()
    expect(server.requests[0]?.body.messages[0].content).toBe('hi')
  })

  it('answers a JSON-schema request with content that fits the schema', async () => {
    const schema = { type: 'object', properties: { mode: { type: 'string', enum: ['faq', 'order'] }, product: { type: ['string', 'null'] }, n: { type: 'number', minimum: 0 } }, required: ['mode', 'product', 'n'] }
    const res = await post({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema } } })
    const body = (await res.json()) as any
    expect(JSON.parse(body.choices[0].message.content)).toEqual({ mode: 'faq', product: 'example', n: 0 })
    expect(sampleFromSchema({ type: 'array', items: {} })).toEqual([])
  })

  it('serves enqueued answers first, in order', async () => {
    server.enqueue({ content: 'one' }, { json: { two: 2 } })
    const a = (await (await post({ model: 'm', messages: [] })).json()) as any
    const b = (await (await post({ model: 'm', messages: [] })).json()) as any
    const c = (await (await post({ model: 'm', messages: [] })).json()) as any
    expect([a.choices[0].message.content, b.choices[0].message.content, c.choices[0].message.content]).toEqual(['one', '{"two":2}', 'OK'])
  })

  it('fails the next N requests with the given status and an OpenAI error body', async () => {
    server.failNext(503, 2)
    expect((await post({ model: 'm', messages: [] })).status).toBe(503)
    const second = await post({ model: 'm', messages: [] })
    expect(second.status).toBe(503)
    expect(((await second.json()) as any).error.message).toBe('scripted failure')
    expect((await post({ model: 'm', messages: [] })).status).toBe(200)
  })

  it('answers unknown routes with 404', async () => {
    expect((await post({}, '/embeddings')).status).toBe(404)
  })
})
