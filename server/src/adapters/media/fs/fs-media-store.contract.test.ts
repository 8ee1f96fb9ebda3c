import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { mediaStoreContract } from '../media.contract.js'
import { FsMediaStore } from './fs-media-store.js'

const root = mkdtempSync(join(tmpdir(), 'warta-media-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
mediaStoreContract('file system', () => new FsMediaStore(root))
