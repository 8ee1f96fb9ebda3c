// What happens to the next customer message of a chat: the AI answers it, the AI only drafts a
// suggestion for a person to send, or a person must answer. ONE pure function decides it, used
// by the worker (whether to answer or draft) and by the API (the chat header), so what the screen
// says and what the product does cannot disagree.

export type NextReplyOutcome = 'ai_answers' | 'ai_drafts' | 'human'
export type NextReplyReason =
  /** Auto-reply is on and the AI may answer this kind of message. */
  | 'auto_reply_on'
  /** Auto-reply is off for the shop: the AI only prepares a suggestion. */
  | 'auto_reply_off'
  /** Auto-reply is off for the chat's number (its own setting; the shop's may be on): a suggestion only. */
  | 'number_auto_reply_off'
  /** The AI may not answer this kind of message (its mode is not among the enabled ones): a suggestion only. */
  | 'mode_not_enabled'
  /** A complaint: a person answers (unless the owner asked the AI to acknowledge complaints). */
  | 'complaint_handover'
  /** A complaint a person answers because the chat's number's own switch keeps the AI from it. */
  | 'number_complaint_handover'
  /** A person took the chat over from the AI. */
  | 'taken_over'
  /** The AI could not answer the customer's last question and handed it to a person. */
  | 'handed_over'
  /** The AI is switched off for this chat. */
  | 'no_ai_for_chat'
  /** A voice note nobody could transcribe ("pesan suara — perlu dijawab orang"): never answered blind. */
  | 'voice_note'

export interface NextReply { outcome: NextReplyOutcome; reason: NextReplyReason }

/** The tenant's AI settings that decide it. */
export interface ReplyPolicy {
  autoReply: boolean
  enabledModes: readonly string[]
  replyToComplaints: boolean
  /**
   * Numbers (device ids) with their own auto-reply switch (device-settings module); a chat of a
   * number not listed follows the shop's.
   */
  devices?: Readonly<Record<string, { autoReply: boolean; replyToComplaints: boolean }>>
}

/** The policy a chat of this number follows: the number's own switch, else the shop's. */
export function policyForDevice(policy: ReplyPolicy, deviceId: string | undefined): ReplyPolicy {
  const own = deviceId ? policy.devices?.[deviceId] : undefined
  return own ? { ...policy, autoReply: own.autoReply, replyToComplaints: own.replyToComplaints } : policy
}

/** The chat's state that decides it. */
export interface ChatForReply {
  aiEnabled: boolean
  humanTakeover: boolean
  /** The AI handed the chat to a person and no person has answered since. */
  handedOver: boolean
  /** The mode of the message in question (the worker) or of the chat's latest message (the header); null before any. */
  mode: string | null
  /** The message in question (or the chat's latest classified one) is a voice note the AI could not hear. */
  unheardVoiceNote?: boolean
  /** The number the chat is with: its own auto-reply switch, if it has one, decides. */
  deviceId?: string
}

export function decideNextReply(tenantPolicy: ReplyPolicy, chat: ChatForReply): NextReply {
  const policy = policyForDevice(tenantPolicy, chat.deviceId)
  if (chat.humanTakeover) return { outcome: 'human', reason: 'taken_over' }
  if (!chat.aiEnabled) return { outcome: 'human', reason: 'no_ai_for_chat' }
  if (chat.unheardVoiceNote) return { outcome: 'human', reason: 'voice_note' }
  if (chat.mode === 'complaint') {
    const acknowledges = policy.autoReply && policy.replyToComplaints && policy.enabledModes.includes('complaint')
    // The number's own switch is to blame only when the shop's modes let the AI take complaints
    // (the modes are the shop's alone); then the number's settings are where to change it.
    const numberSays = policy !== tenantPolicy && policy.enabledModes.includes('complaint')
    if (!acknowledges) return { outcome: 'human', reason: numberSays ? 'number_complaint_handover' : 'complaint_handover' }
  }
  if (chat.handedOver) return { outcome: 'human', reason: 'handed_over' }
  // Said apart from the shop's switch: the owner fixes it in the number's settings, not the shop's.
  if (!policy.autoReply) return { outcome: 'ai_drafts', reason: policy === tenantPolicy ? 'auto_reply_off' : 'number_auto_reply_off' }
  const enabled = chat.mode === null ? policy.enabledModes.length > 0 : policy.enabledModes.includes(chat.mode)
  if (!enabled) return { outcome: 'ai_drafts', reason: 'mode_not_enabled' }
  return { outcome: 'ai_answers', reason: 'auto_reply_on' }
}
