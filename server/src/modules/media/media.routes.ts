// /api/v1/media/:id/content and /thumbnail: the bytes behind a signed link (no bearer: <img> and
// <audio> cannot send one). Served so a browser never runs them: nosniff, a type from our own
// sniffing, documents (and anything not an image, audio or video) as attachments, and a sandbox
// CSP in case a browser renders it anyway. /api/v1/media/usage: the owner's storage figure.
import type { FastifyInstance, FastifyReply } from 'fastify'
import multipart from '@fastify/multipart'
import { z } from 'zod'
import { MediaTooLargeError, MediaTypeRefusedError } from '../../adapters/media/media.port.js'
import type { MediaConfig } from '../../config/config.js'
import { AppError, notFound } from '../../shared/errors.js'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import type { MediaLinks, MediaVariant } from './media-links.js'
import { Media, MediaBytes, MediaIdParams, MediaUpload, MediaUsage, SignedLinkQuery } from './media.schemas.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import { PREVIEW_MAX_BYTES, type MediaService } from './media.service.js'

const INLINE = /^(image\/(jpeg|png|webp|gif|avif)|audio\/[\w.+-]+|video\/[\w.+-]+)$/

/** A broken multipart body (cut off, malformed, too many parts) is the client's fault, not a 500. */
function badUpload(err: unknown): unknown {
  const e = err as { statusCode?: number; code?: string }
  if (err instanceof AppError) return err
  if ((e.statusCode && e.statusCode < 500) || e.code?.startsWith('FST_') || /multipart|boundary|form|unexpected end/i.test((err as Error).message ?? '')) {
    return new AppError('media.bad_upload', 'The upload was not a complete multipart form with one file.', 400)
  }
  return err
}

function safeName(name: string | null, fallback: string): string {
  return (name ?? fallback).replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || fallback
}

export function mediaRoutes(media: MediaService, links: MediaLinks, config: MediaConfig) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      const serve = (variant: MediaVariant) => async (req: { params: unknown; query: unknown }, reply: FastifyReply) => {
        const { id } = parseInput(MediaIdParams, req.params, 'params')
        const q = parseInput(SignedLinkQuery, req.query, 'query')
        const check = links.check(q, id, variant)
        if (check === 'expired') throw new AppError('media.link_expired', 'This media link has expired; reload the conversation.', 410)
        if (check !== 'ok') throw notFound('media.not_found', 'No such media.')
        const found = await media.openVariant(q.t, id, variant)
        if (!found) throw notFound('media.not_found', 'No such media.')
        const mime = found.mime.split(';')[0]!.trim().toLowerCase()
        const inline = variant === 'thumb' || (found.row.kind !== 'document' && INLINE.test(mime))
        const type = inline ? found.mime : 'application/octet-stream'
        const name = safeName(found.row.fileName, `${found.row.kind}-${found.row.id.slice(0, 8)}`)
        return reply
          .header('content-type', type)
          .header('content-length', String(found.size))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, max-age=300')
          .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
          .send(found.stream)
      }
      // Public by design: the short-lived signed link (t, exp, sig) is the credential.
      const link = (summary: string) => ({ schema: { summary, security: [], params: MediaIdParams, querystring: SignedLinkQuery, response: { 200: MediaBytes, ...errors } } })
      r.get('/:id/content', link('A media file, through a signed link'), serve('file'))
      r.get('/:id/thumbnail', link('A thumbnail, through a signed link'), serve('thumb'))
      // Upload a file to send: multipart, one file, streamed into the store (never buffered whole).
      await r.register(multipart, { limits: { files: 1, fields: 4, fileSize: Math.max(...Object.values(config.maxBytes)) + 1 } })
      r.post('/', { preHandler: [app.authenticate, requireRole('agent')], schema: { summary: 'Upload a file to send (multipart, field `file`)', body: MediaUpload, response: { 201: Media, ...errors } } }, async (req, reply) => {
        if (!req.isMultipart()) throw new AppError('media.not_multipart', 'Send the file as multipart/form-data.', 415)
        try {
          const file = await req.file()
          if (!file) throw new AppError('media.file_required', 'Attach one file.', 400)
          return reply.status(201).send(await media.upload(req.auth.tenantId, file.file, file.filename || null, file.mimetype || null))
        } catch (err) {
          if (err instanceof MediaTooLargeError) throw new AppError('media.too_large', `The file is larger than ${Math.floor(err.maxBytes / 1048576)} MB allowed for its kind.`, 413)
          if (err instanceof MediaTypeRefusedError) throw new AppError('media.unsupported_type', 'This kind of file cannot be sent.', 415)
          throw badUpload(err)
        }
      })
      // A poster for a video upload (a frame the dashboard grabbed): multipart, field `file`, a JPEG.
      r.post('/:id/preview', { preHandler: [app.authenticate, requireRole('agent')], schema: { summary: 'Set the preview image (a JPEG frame) of a video upload before sending it', params: MediaIdParams, querystring: NoQuery, body: MediaUpload, response: { 200: Media, ...errors } } }, async (req) => {
        const { id } = parseInput(MediaIdParams, req.params, 'params')
        if (!req.isMultipart()) throw new AppError('media.not_multipart', 'Send the preview as multipart/form-data.', 415)
        let bytes: Buffer
        try {
          const file = await req.file({ limits: { fileSize: PREVIEW_MAX_BYTES } })
          if (!file) throw new AppError('media.file_required', 'Attach one file.', 400)
          bytes = await file.toBuffer()
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('media.preview_too_large', `The preview is larger than ${PREVIEW_MAX_BYTES / 1024} KB.`, 413)
          throw badUpload(err)
        }
        return media.setVideoPreview(req.auth.tenantId, id, bytes)
      })
      r.get('/stickers', { preHandler: [app.authenticate, requireRole('agent')], schema: { summary: "Stickers from the shop's chats, newest first (the reply box's sticker picker)", querystring: NoQuery, response: { 200: z.object({ items: z.array(Media) }), ...errors } } }, async (req) =>
        ({ items: await media.recentStickers(req.auth.tenantId) }))
      r.get('/usage', { preHandler: [app.authenticate, requireRole('admin')], schema: { summary: 'Media storage used', querystring: NoQuery, response: { 200: MediaUsage, ...errors } } }, async (req) => media.usage(req.auth.tenantId))
    }, { prefix: '/media' })
  }
}
