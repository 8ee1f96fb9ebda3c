// Translated labels for codes the server sends (tags, modes, intents, sentiment, classifier).
import { humanise } from '../utils/tags'

export function useLabels() {
  const { t, te } = useI18n()
  const pick = (prefix: string, code: string | null | undefined) => {
    if (!code) return ''
    return te(`${prefix}.${code}`) ? t(`${prefix}.${code}`) : humanise(code)
  }
  return {
    tag: (code: string) => pick('tags', code),
    mode: (code: string | null | undefined) => pick('modes', code),
    intent: (code: string | null | undefined) => pick('intents', code),
    sentiment: (code: string | null | undefined) => pick('sentiments', code),
    classifier: (code: string | null | undefined) => pick('classifiers', code),
    // The follow-ups page used to print the raw code ("Alasan: hot_lead").
    followUpReason: (code: string | null | undefined) => pick('followUps.reasons', code),
    cancelReason: (code: string | null | undefined) => pick('followUps.cancelReasons', code),
  }
}
