// The trust switch and the certificate chain: the simulator's own chain verifies against its root,
// the `wrong-root` chain does not, and neither trust entry point acts without WA_SIM=1.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Curve, proto, WA_CERT_DETAILS } from '@whiskeysockets/baileys'
import { strictVerify } from '../flows/verify.js'
import { buildCertChain } from '../transport/cert-chain.js'
import { trustSimulatorRoot } from '../trust.js'

const serverDir = join(import.meta.dirname, '../..')
const saved = { env: process.env.WA_SIM, key: WA_CERT_DETAILS.PUBLIC_KEY }
afterEach(() => {
  if (saved.env === undefined) delete process.env.WA_SIM
  else process.env.WA_SIM = saved.env
  ;(WA_CERT_DETAILS as { PUBLIC_KEY: Uint8Array }).PUBLIC_KEY = saved.key
})

function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: serverDir, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += String(d) })
    child.stderr.on('data', (d) => { err += String(d) })
    child.on('exit', (code) => resolve({ code, out, err }))
  })
}

const chainOf = (bytes: Uint8Array) => {
  const chain = proto.CertChain.decode(bytes)
  const Details = proto.CertChain.NoiseCertificate.Details
  return { chain, inter: Details.decode(chain.intermediate!.details!), leaf: Details.decode(chain.leaf!.details!) }
}

describe('certificate chain', () => {
  it('signs the intermediate with the root and the leaf (the server static key) with the intermediate', () => {
    const root = Curve.generateKeyPair()
    const server = Curve.generateKeyPair()
    const { chain, inter, leaf } = chainOf(buildCertChain(root, server, 'own'))
    expect(inter.issuerSerial).toBe(0)
    expect(Buffer.from(leaf.key!).equals(Buffer.from(server.public))).toBe(true)
    expect(strictVerify(root.public, chain.intermediate!.details!, chain.intermediate!.signature!)).toBe(true)
    expect(strictVerify(inter.key!, chain.leaf!.details!, chain.leaf!.signature!)).toBe(true)
  })

  it('in wrong-root mode signs the intermediate with a key other than the root it is checked against', () => {
    const root = Curve.generateKeyPair()
    const { chain } = chainOf(buildCertChain(root, Curve.generateKeyPair(), 'wrong-root'))
    expect(strictVerify(root.public, chain.intermediate!.details!, chain.intermediate!.signature!)).toBe(false)
  })
})

describe('trusting the simulator root', () => {
  it('refuses to change the trusted root without WA_SIM=1', () => {
    delete process.env.WA_SIM
    expect(() => trustSimulatorRoot(Buffer.alloc(32, 1))).toThrow(/WA_SIM=1/)
    expect(WA_CERT_DETAILS.PUBLIC_KEY).toBe(saved.key)
  })

  it('sets the root on the Baileys module instance the product imports', () => {
    process.env.WA_SIM = '1'
    trustSimulatorRoot(Buffer.alloc(32, 7))
    expect(Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY).equals(Buffer.alloc(32, 7))).toBe(true)
  })

  it('preload.mjs sets the root from WA_SIM_ROOT_PUB for `node --import`, and refuses without WA_SIM=1', async () => {
    const root = 'ab'.repeat(32)
    const script = "const { WA_CERT_DETAILS } = await import('@whiskeysockets/baileys'); console.log(Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY).toString('hex'))"
    const args = ['--import', './sim/preload.mjs', '--input-type=module', '-e', script]
    const ok = await run(args, { WA_SIM: '1', WA_SIM_ROOT_PUB: root })
    expect(ok.code).toBe(0)
    expect(ok.out.trim()).toBe(root)
    const refused = await run(args, { WA_SIM_ROOT_PUB: root })
    expect(refused.code).not.toBe(0)
    expect(refused.err).toMatch(/WA_SIM=1/)
  })

  it('`npm run sim` prints one JSON line with its URLs, hex root key and media certificate, serves, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli/serve.ts'], { cwd: serverDir, stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = ''
        child.stdout.on('data', (d) => { buf += String(d); if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n'))) })
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
      })
      const info = JSON.parse(line) as { url: string; controlUrl: string; rootPublicKey: string; mediaCaPem: string }
      expect(info.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/chat$/)
      expect(info.rootPublicKey).toMatch(/^[0-9a-f]{64}$/)
      // A product in another process downloads media only with the media host's certificate.
      expect(info.mediaCaPem).toMatch(/^-----BEGIN CERTIFICATE-----/)
      const stats = (await (await fetch(`${info.controlUrl}/stats`)).json()) as { unknownIq: number }
      expect(stats.unknownIq).toBe(0)
    } finally {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
  })
})
