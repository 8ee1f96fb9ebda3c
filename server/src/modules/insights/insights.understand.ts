// The `media.understand` job: the tenant's AI transcribes a voice note or describes a photo, and
// the message is classified again with those words (`inbound.process`, round `understood`).
// Passing trouble (timeouts, 429, 5xx) is thrown so the queue retries with back-off; a provider
// without speech-to-text or vision ends as `unavailable`, and after the last attempt `failed` —
// either way the message is classified without the words, and a voice note goes to a person.
// Nothing here can lose or hold up the message: it was stored, and shown, long before.
import type { Logger } from 'pino'
import { UnrecoverableError } from 'bullmq'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import type { MediaService } from '../media/media.service.js'
import type { MediaRow } from '../media/media.service.js'
import type { JobQueues } from '../../queue/job-runtime.js'
import { MediaAiUnavailableError } from '../../adapters/llm/media-ai.port.js'
import { isLlmError } from '../../adapters/llm/llm.errors.js'
import { understandingFor } from './insights.media.js'

export interface UnderstandDeps {
  aiConfig: Pick<AiConfigService, 'get' | 'mediaAiFor'>
  media: Pick<MediaService, 'forMessage' | 'get' | 'bytes' | 'claimUnderstanding' | 'setUnderstanding'>
  jobs: Pick<JobQueues, 'add'>
  logger: Logger
}

const FILE_NAME: Record<string, string> = { 'audio/ogg': 'voice.ogg', 'audio/mpeg': 'audio.mp3', 'audio/mp4': 'audio.m4a', 'video/mp4': 'audio.mp4', 'audio/wav': 'audio.wav', 'audio/webm': 'audio.webm' }

export function understandJobs(deps: UnderstandDeps) {
  /** Classify the message again, now that the AI's work on its file is over (a new job id). */
  const classifyAgain = (row: MediaRow, round: 'media' | 'understood') =>
    deps.jobs.add('inbound.process', { tenantId: row.tenantId, messageId: row.messageId!, round })

  return {
    /** Starts the AI's work on a stored file once (a second call finds it claimed). */
    async start(tenantId: string, mediaId: string): Promise<void> {
      if (await deps.media.claimUnderstanding(tenantId, mediaId)) await deps.jobs.add('media.understand', { tenantId, mediaId })
    },

    /** The fetch of a message's file ended: start the AI on it, or (no file) classify without it. */
    async onSettled(row: MediaRow): Promise<void> {
      const config = await deps.aiConfig.get(row.tenantId)
      if (!understandingFor(row, config)) return // the first run of inbound.process did not wait for it
      if (row.state === 'ready') return this.start(row.tenantId, row.id)
      await classifyAgain(row, 'media')
    },

    /** The `media.understand` job. */
    async handle(p: { tenantId: string; mediaId: string }): Promise<void> {
      const row = await deps.media.get(p.tenantId, p.mediaId)
      if (!row?.messageId || row.understanding !== 'pending') return
      const config = await deps.aiConfig.get(p.tenantId)
      const want = understandingFor(row, config)
      const ai = want ? deps.aiConfig.mediaAiFor(config) : null
      const bytes = ai ? await deps.media.bytes(row) : null
      if (!want || !ai || !bytes) {
        await deps.media.setUnderstanding(p.tenantId, p.mediaId, { understanding: 'unavailable' })
        return classifyAgain(row, 'understood')
      }
      try {
        const mime = (row.mime ?? 'application/octet-stream').split(';')[0]!.trim()
        const words = want === 'transcribe' ? await ai.transcribe(bytes, FILE_NAME[mime] ?? 'audio.ogg', mime, row.durationMs) : await ai.describe(bytes, mime)
        await deps.media.setUnderstanding(p.tenantId, p.mediaId, want === 'transcribe'
          ? { understanding: words ? 'done' : 'failed', transcript: words || null }
          : { understanding: words ? 'done' : 'failed', description: words || null })
      } catch (err) {
        // Past the owner's monthly cap the file is read as if there were no provider: a voice note
        // without words is tagged and left to a person (never retried until the month turns).
        if (err instanceof MediaAiUnavailableError || (isLlmError(err) && err.code === 'llm.cap_reached')) {
          await deps.media.setUnderstanding(p.tenantId, p.mediaId, { understanding: 'unavailable' })
        } else {
          // The code only: a provider's message may echo what the customer said.
          deps.logger.warn({ tenantId: p.tenantId, mediaId: p.mediaId, code: isLlmError(err) ? err.code : 'error' }, 'the AI could not read a media file')
          if (isLlmError(err) && !err.retryable) throw new UnrecoverableError(err.code)
          throw err
        }
      }
      await classifyAgain(row, 'understood')
    },

    /** The queue gave up: the message is classified without the file's words. */
    async onFinalFailure(p: { tenantId: string; mediaId: string }): Promise<void> {
      const row = await deps.media.setUnderstanding(p.tenantId, p.mediaId, { understanding: 'failed' })
      if (row?.messageId) await classifyAgain(row, 'understood')
    },
  }
}
