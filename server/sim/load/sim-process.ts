// The simulator in its own process (`sim/cli/serve.ts`), for load tools and product benchmarks:
// the client side must not share a process (or its CPU and heap numbers) with the server side.
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const serveScript = join(dirname(fileURLToPath(import.meta.url)), '../cli/serve.ts')

/** What `npm run sim` prints: enough to point Baileys at it and drive it over HTTP. */
export interface SimEndpoint {
  url: string; controlUrl: string; rootPublicKey: string
  /** The media host's certificate, for the product's WA_SIM_MEDIA_CA (media downloads). */
  mediaCaPem: string
}

export interface SimProcess extends SimEndpoint { child: ChildProcess; stop(): Promise<void> }

/**
 * Kills `child` if this process exits first, so a load tool or test that dies never leaves a
 * simulator or product running (and holding its stdout pipe open).
 */
export function reapOnExit(child: ChildProcess): void {
  const reap = () => { if (child.exitCode === null) child.kill('SIGKILL') }
  process.once('exit', reap)
  child.once('exit', () => process.off('exit', reap))
}

export async function startSimProcess(opts: { restore?: string; port?: number; nodeArgs?: string[] } = {}): Promise<SimProcess> {
  const args = [...(opts.nodeArgs ?? []), '--import', 'tsx', serveScript, ...(opts.restore ? ['--restore', opts.restore] : []), ...(opts.port ? ['--port', String(opts.port)] : [])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  reapOnExit(child)
  const line = await new Promise<string>((resolve, reject) => {
    let buf = ''
    const onData = (d: Buffer) => {
      buf += String(d)
      const nl = buf.indexOf('\n')
      if (nl < 0) return
      // Only the first line matters; keep draining the pipe so the child never blocks on stdout.
      child.stdout!.off('data', onData)
      child.stdout!.resume()
      resolve(buf.slice(0, nl))
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)))
  })
  const info = JSON.parse(line) as SimEndpoint
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return { url: info.url, controlUrl: info.controlUrl, rootPublicKey: info.rootPublicKey, mediaCaPem: info.mediaCaPem, child, stop: async () => { if (child.exitCode === null) child.kill('SIGTERM'); await exited } }
}

/** One call to the simulator's HTTP control API (GET without a body, POST with one). */
export async function control<T>(sim: { controlUrl: string }, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.controlUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`sim control ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}
