// The S3 store against a real S3-compatible server process (s3rver) started for this file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startS3Server, type S3Server } from '../../../../test/support/s3-server.js'
import { mediaStoreContract } from '../media.contract.js'
import { S3MediaStore } from './s3-media-store.js'

let server: S3Server
const tmp = mkdtempSync(join(tmpdir(), 'warta-s3tmp-'))
const stores: S3MediaStore[] = []
beforeAll(async () => { server = await startS3Server() })
afterAll(async () => {
  for (const s of stores) await s.close()
  await server?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

mediaStoreContract('S3 (s3rver process)', () => {
  const store = new S3MediaStore({
    bucket: server.bucket, region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }, tmpDir: tmp,
  })
  stores.push(store)
  return store
})
