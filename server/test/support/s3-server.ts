// A real S3-compatible server process (s3rver, pure JS, from npm) on a free loopback port with a
// throwaway data directory and one bucket: what the S3 media store's tests talk to.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../throwaway-servers.js'

export interface S3Server { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; stop(): Promise<void> }

export async function startS3Server(bucket = 'warta-media'): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'warta-s3-'))
  const port = await freePort()
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js')
  const child: ChildProcess = spawn(process.execPath, [bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--configure-bucket', bucket], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${log}`)), 20_000)
    const on = (d: Buffer) => {
      log += String(d)
      if (/listening|started/i.test(log)) { clearTimeout(timer); resolve() }
    }
    child.stdout!.on('data', on)
    child.stderr!.on('data', on)
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`s3rver exited ${code}: ${log}`)) })
  })
  child.stdout!.resume()
  child.stderr!.resume()
  return {
    endpoint: `http://127.0.0.1:${port}`, bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER',
    stop: async () => {
      if (child.exitCode === null) { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)) }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
