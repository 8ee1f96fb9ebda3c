// What the classifier reads for a message that carries a file. A photo's caption is classified
// like text; with a vision model on, its one-sentence description is added. A voice note is
// classified by its transcript when the tenant's provider offers speech-to-text; without one (or
// when it gave up) it is tagged `voice_note` and left to a person — the AI never answers a voice
// note it did not hear. Photos and documents that look like a transfer receipt get the `payment`
// tag and the owner's "Cek bukti transfer" cue.
import type { Classification } from '../../adapters/llm/llm.port.js'
import type { AiConfigRow } from '../ai-config/ai-config.service.js'
import type { MediaRow } from '../media/media.service.js'

export type Understanding = 'transcribe' | 'describe'

/** What the tenant's AI is asked to do with this file, if anything. */
export function understandingFor(row: Pick<MediaRow, 'kind'>, config: Pick<AiConfigRow, 'apiKeySealed' | 'visionEnabled'>): Understanding | null {
  if (!config.apiKeySealed) return null
  if (row.kind === 'ptt' || row.kind === 'audio') return 'transcribe'
  if (row.kind === 'image' && config.visionEnabled) return 'describe'
  return null
}

/** The AI has nothing more to add: it finished, gave up, or the file never arrived. */
export function understandingSettled(row: Pick<MediaRow, 'state' | 'understanding'>): boolean {
  if (row.state === 'failed' || row.state === 'expired' || row.state === 'deleted') return true
  return row.understanding === 'done' || row.understanding === 'failed' || row.understanding === 'unavailable'
}

export const isVoice = (row: Pick<MediaRow, 'kind'>) => row.kind === 'ptt' || row.kind === 'audio'
/** Kinds a payment proof comes as (a screenshot, or the bank's PDF). */
export const mayBeProof = (row: Pick<MediaRow, 'kind'>) => row.kind === 'image' || row.kind === 'document'

/** The text the classifier and the reply writer read: caption, transcript, description. */
export function textForClassifier(caption: string | null, row: Pick<MediaRow, 'kind' | 'transcript' | 'description'> | undefined): string {
  const parts = [caption?.trim() ?? '']
  if (row?.transcript) parts.push(row.transcript)
  if (row?.description) parts.push(`[Foto: ${row.description}]`)
  return parts.filter(Boolean).join('\n')
}

/** A voice note nobody transcribed: a person must listen to it. */
export function unheardVoiceNote(caption: string | null): Classification {
  return {
    mode: 'other', intent: 'voice_note', tags: ['voice_note'], sentiment: 'neutral', productInterest: null,
    summary: caption?.trim() ? `Pesan suara: ${caption.trim().slice(0, 80)}` : 'Pesan suara — perlu didengar dan dijawab orang',
    needsFollowUp: false, confidence: 1, language: 'id', classifier: 'offline',
  }
}

/** A photo without words that the chat says is the payment. */
export function transferProofOnly(): Classification {
  return {
    mode: 'order', intent: 'send_payment_proof', tags: ['payment'], sentiment: 'neutral', productInterest: null,
    summary: 'Mengirim bukti transfer — cek dulu uangnya sudah masuk', needsFollowUp: false, confidence: 0.8, language: 'id', classifier: 'offline',
  }
}

/** The classification of a file that looks like a payment proof: the `payment` tag first. */
export function withPaymentTag(c: Classification): Classification {
  return c.tags.includes('payment') ? c : { ...c, tags: ['payment', ...c.tags] }
}
