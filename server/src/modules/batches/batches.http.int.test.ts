// Bulk sends over HTTP: a template with variables to many numbers becomes one tracked batch of
// outbox messages; pause holds them back in the real outbox drainer (other sends still go),
// resume lets them go, cancel fails what had not left; bad input gets stable codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerOwner, startPipeline, waitFor, type PipelineHarness } from '../../../test/pipeline-harness.js'

let h: PipelineHarness
beforeAll(async () => { h = await startPipeline() })
afterAll(async () => { await h?.close() })

const numbers = (n: number, base: number) => Array.from({ length: n }, (_, i) => `+62812${String(base + i).padStart(7, '0')}`)

describe('/api/v1/batches', () => {
  it('creates a tracked batch, holds it while paused, sends it on resume, and fails the rest on cancel', async () => {
    const owner = await registerOwner(h.app)
    const { drainer, sent } = h.drainer()
    const to = numbers(5, 5_100_000)
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/batches', headers: owner.auth, payload: {
      template: 'Halo {{nama}}, pesanan {{ order }} sudah siap.', recipients: to.map((t, i) => ({ to: t, variables: { nama: `Kak ${i}`, order: `#${100 + i}` } })),
    } })
    expect(created.statusCode).toBe(201)
    const batch = created.json()
    expect(batch).toMatchObject({ status: 'running', total: 5, progress: { pending: 5, sent: 0, failed: 0 }, expectedDoneAt: expect.any(String) })
    expect(Date.parse(batch.expectedDoneAt)).toBeGreaterThan(Date.now())

    const paused = await h.app.inject({ method: 'POST', url: `/api/v1/batches/${batch.id}/pause`, headers: owner.auth })
    expect(paused.json()).toMatchObject({ status: 'paused', expectedDoneAt: null })
    // A one-off send still leaves while the batch is held.
    const single = await h.app.inject({ method: 'POST', url: '/api/v1/messages', headers: { ...owner.auth, 'idempotency-key': 'satu' }, payload: { to: '+6281355550000', text: 'Halo sendiri' } })
    expect(single.statusCode).toBe(201)
    await drainer.kick(owner.tenantId)
    expect(sent.map((s) => s.text)).toEqual(['Halo sendiri'])

    expect((await h.app.inject({ method: 'POST', url: `/api/v1/batches/${batch.id}/resume`, headers: owner.auth })).json().status).toBe('running')
    await drainer.kick(owner.tenantId)
    // One transaction writes the whole batch, so its rows share a creation time: the order across
    // recipients is not promised (each chat's own order is).
    expect(sent.slice(1).map((s) => s.text).sort()).toEqual(to.map((_, i) => `Halo Kak ${i}, pesanan #${100 + i} sudah siap.`))
    expect(sent.slice(1).map((s) => s.toJid).sort()).toEqual(to.map((t) => `${t.slice(1)}@s.whatsapp.net`))
    const done = await waitFor(async () => {
      const b = (await h.app.inject({ method: 'GET', url: `/api/v1/batches/${batch.id}`, headers: owner.auth })).json()
      return b.status === 'done' ? b : undefined
    }, 5000, 'done')
    expect(done.progress).toMatchObject({ pending: 0, sent: 5 })
    const listed = (await h.app.inject({ method: 'GET', url: '/api/v1/batches', headers: owner.auth })).json().items as Array<{ id: string; status: string }>
    expect(listed).toEqual([expect.objectContaining({ id: batch.id, status: 'done' })])

    const second = (await h.app.inject({ method: 'POST', url: '/api/v1/batches', headers: owner.auth, payload: {
      template: 'Promo untuk Anda', recipients: numbers(3, 5_200_000).map((t) => ({ to: t })),
    } })).json()
    const cancelled = await h.app.inject({ method: 'POST', url: `/api/v1/batches/${second.id}/cancel`, headers: owner.auth })
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', progress: { pending: 0, failed: 3 } })
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/batches/${second.id}/resume`, headers: owner.auth })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('batches.finished')
    await drainer.kick(owner.tenantId)
    expect(sent.filter((s) => s.text === 'Promo untuk Anda')).toHaveLength(0)
  })

  it('refuses bad input with stable codes and keeps batches per tenant and scope', async () => {
    const owner = await registerOwner(h.app)
    const post = (payload: Record<string, unknown>, headers: Record<string, string> = owner.auth) => h.app.inject({ method: 'POST', url: '/api/v1/batches', headers, payload })
    const missing = await post({ template: 'Halo {{nama}}', recipients: [{ to: '+6281234567890', variables: { nama: 'Sari' } }, { to: '+6281234567891' }] })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error).toMatchObject({ code: 'batches.missing_variable', details: [{ path: 'recipients.1.variables.nama' }] })
    const bad = await post({ template: 'Halo', recipients: [{ to: '0812345' }, { to: '+6281234567890' }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({ code: 'batches.invalid_number', details: [{ path: 'recipients.0.to' }] })
    expect((await post({ template: 'Halo', recipients: [] })).json().error.code).toBe('validation.failed')
    expect((await post({ template: 'Halo', recipients: numbers(1001, 5_300_000).map((to) => ({ to })) })).statusCode).toBe(400)
    const unknown = await h.app.inject({ method: 'POST', url: '/api/v1/batches/00000000-0000-4000-8000-000000000000/pause', headers: owner.auth })
    expect(unknown.statusCode).toBe(404)
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/batches/00000000-0000-4000-8000-000000000000/explode', headers: owner.auth })).statusCode).toBe(400)

    const mine = (await post({ template: 'Halo', recipients: [{ to: '+6281234567890' }] })).json()
    const other = await registerOwner(h.app)
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/batches/${mine.id}`, headers: other.auth })).statusCode).toBe(404)
    const key = (await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { name: 'Baca', scopes: ['messages:read'] } })).json().secret as string
    const denied = await post({ template: 'Halo', recipients: [{ to: '+6281234567890' }] }, { authorization: `Bearer ${key}` })
    expect(denied.statusCode).toBe(403)
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/batches/${mine.id}`, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200)
  })
})
