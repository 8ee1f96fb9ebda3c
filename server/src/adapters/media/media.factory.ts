// Picks the media store the configuration asks for.
import { join } from 'node:path'
import type { MediaConfig } from '../../config/config.js'
import type { MediaStore } from './media.port.js'
import { FsMediaStore } from './fs/fs-media-store.js'
import { S3MediaStore } from './s3/s3-media-store.js'

export function createMediaStore(media: MediaConfig, dataDir: string): MediaStore {
  if (media.store === 'fs') return new FsMediaStore(media.dir)
  if (!media.s3.bucket) throw new Error('MEDIA_STORE=s3 needs S3_BUCKET')
  const { accessKeyId, secretAccessKey } = media.s3
  return new S3MediaStore({
    bucket: media.s3.bucket, region: media.s3.region, endpoint: media.s3.endpoint, forcePathStyle: media.s3.forcePathStyle,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    tmpDir: join(dataDir, 'tmp', 'media'),
  })
}
