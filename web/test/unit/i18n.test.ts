// Every UI string exists in both languages, and every key the code uses is defined.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const load = (l: string) => JSON.parse(readFileSync(join(root, 'i18n', 'locales', `${l}.json`), 'utf8'))
function flatten(o: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object') Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`))
    else out[`${prefix}${k}`] = String(v)
  }
  return out
}
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.(vue|ts)$/.test(f) ? [p] : []
  })
}

const id = flatten(load('id'))
const en = flatten(load('en'))

describe('locales', () => {
  it('id and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort())
  })

  it('no message is empty, and placeholders match between languages', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const k of Object.keys(id)) {
      expect(id[k]!.trim(), k).not.toBe('')
      expect(params(en[k]!), k).toEqual(params(id[k]!))
    }
  })

  it('every literal key used with t()/$t() in app/ exists', () => {
    const used = new Set<string>()
    for (const f of files(join(root, 'app'))) {
      const src = readFileSync(f, 'utf8')
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z]+(?:\.[a-zA-Z_]+)+)'/g)) used.add(m[1]!)
    }
    expect(used.size).toBeGreaterThan(100)
    expect([...used].filter((k) => !(k in id))).toEqual([])
  })

  it('uses the agreed words (UX.md table)', () => {
    expect(id['inbox.empty']).toBe('Belum ada percakapan. Setelah WhatsApp terhubung, chat pelanggan muncul di sini.')
    expect(id['device.qrRefreshesIn']).toBe('Kode QR diperbarui dalam {n} detik')
    expect(en['device.qrRefreshesIn']).toBe('The QR code refreshes in {n} s')
    expect([id['inbox.takeOver'], id['inbox.handBack']]).toEqual(['Ambil alih dari AI', 'Kembalikan ke AI'])
    expect([id['tags.hot_lead'], en['tags.hot_lead']]).toEqual(['Prospek Panas', 'Hot lead'])
    expect(id['demo.banner']).toBe('Mode demo: HP dan pelanggan disimulasikan.')
    expect(id['realtime.reconnecting']).toBe('Menghubungkan ulang…')
  })
})
