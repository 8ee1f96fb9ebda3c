import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import OpenAI, { toFile } from 'openai'
import { EMBEDDING_DIMENSIONS, OpenAiCompatibleServer, sampleFromSchema } from './openai-compatible-server.js'

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
    expect((await post({}, '/moderations')).status).toBe(404)
  })

  it('reports token usage counted from the request and the answer', async () => {
    const body = (await (await post({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(400) }] })).json()) as any
    expect(body.usage.prompt_tokens).toBeGreaterThan(100)
    expect(body.usage.completion_tokens).toBe(1)
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 1)
  })

  it('serves /embeddings to the real SDK: one deterministic unit vector per input, close for shared words', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url })
    const out = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['es kopi susu gula aren', 'kopi susu aren', 'jam buka hari minggu'] })
    expect(out.data).toHaveLength(3)
    const [a, b, c] = out.data.map((d) => d.embedding)
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS)
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0)
    expect(dot(a!, a!)).toBeCloseTo(1, 6)
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!))
    const again = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'es kopi susu gula aren' })
    expect(again.data[0]!.embedding).toEqual(a)
    const floats = (await client.embeddings.create({ model: 'm', input: 'es kopi susu gula aren', encoding_format: 'float' })).data[0]!.embedding
    floats.forEach((x, i) => expect(x).toBeCloseTo(a![i]!, 5))
    expect(out.usage.prompt_tokens).toBeGreaterThan(0)
    expect((await post({ model: 'm' }, '/embeddings')).status).toBe(400)
  })

  it('serves /audio/transcriptions to the real SDK (multipart upload), and refuses a request without a file', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url })
    const audio = Buffer.concat([Buffer.from('OggS fake voice note '), Buffer.from([0, 255, 13, 10, 45, 45, 128])])
    server.registerTranscript(audio, 'kak mau pesan dua es kopi susu')
    const out = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio, 'note.ogg', { type: 'audio/ogg' }) })
    expect(out.text).toBe('kak mau pesan dua es kopi susu')
    const recorded = server.requests.at(-1)!
    expect(recorded.path).toBe('/v1/audio/transcriptions')
    expect(String(recorded.body)).toContain('OggS fake voice note')
    // Other bytes were never registered: the server does not know them.
    await expect(client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(Buffer.from('OggS another note'), 'b.ogg', { type: 'audio/ogg' }) })).rejects.toMatchObject({ status: 400 })
    expect((await post({ model: 'whisper-1' }, '/audio/transcriptions')).status).toBe(400)
  })
})
