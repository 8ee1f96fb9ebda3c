import { describe, expect, it } from 'vitest'
import { decideNextReply, type ChatForReply, type ReplyPolicy } from './ai-config.next-reply.js'

const on: ReplyPolicy = { autoReply: true, enabledModes: ['faq', 'order'], replyToComplaints: false }
const chat: ChatForReply = { aiEnabled: true, humanTakeover: false, handedOver: false, mode: 'faq' }

describe('What happens to the next customer message', () => {
  it('is an AI answer when auto-reply is on and the AI may answer this kind of message', () => {
    expect(decideNextReply(on, chat)).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
    expect(decideNextReply(on, { ...chat, mode: null })).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
  })

  it('is only an AI draft when auto-reply is off (the default after onboarding)', () => {
    expect(decideNextReply({ ...on, autoReply: false }, chat)).toEqual({ outcome: 'ai_drafts', reason: 'auto_reply_off' })
  })

  it('is only an AI draft when the AI may not answer this kind of message', () => {
    expect(decideNextReply(on, { ...chat, mode: 'other' })).toEqual({ outcome: 'ai_drafts', reason: 'mode_not_enabled' })
    expect(decideNextReply({ ...on, enabledModes: [] }, { ...chat, mode: null })).toEqual({ outcome: 'ai_drafts', reason: 'mode_not_enabled' })
  })

  it('is a person\'s job on a complaint, even with auto-reply on', () => {
    expect(decideNextReply(on, { ...chat, mode: 'complaint' })).toEqual({ outcome: 'human', reason: 'complaint_handover' })
    expect(decideNextReply({ ...on, autoReply: false, replyToComplaints: true, enabledModes: ['complaint'] }, { ...chat, mode: 'complaint' }))
      .toEqual({ outcome: 'human', reason: 'complaint_handover' })
  })

  it('lets the AI acknowledge a complaint only when the owner asked for it', () => {
    expect(decideNextReply({ ...on, replyToComplaints: true, enabledModes: ['faq', 'complaint'] }, { ...chat, mode: 'complaint' }))
      .toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
  })

  it('is a person\'s job after a take-over, when the AI is off for the chat, or after the AI handed over', () => {
    expect(decideNextReply(on, { ...chat, humanTakeover: true, aiEnabled: false })).toEqual({ outcome: 'human', reason: 'taken_over' })
    expect(decideNextReply(on, { ...chat, aiEnabled: false })).toEqual({ outcome: 'human', reason: 'no_ai_for_chat' })
    expect(decideNextReply(on, { ...chat, handedOver: true })).toEqual({ outcome: 'human', reason: 'handed_over' })
    expect(decideNextReply({ ...on, autoReply: false }, { ...chat, handedOver: true })).toEqual({ outcome: 'human', reason: 'handed_over' })
  })

  it("follows the chat's number when it has its own auto-reply switch, else the shop's", () => {
    const policy: ReplyPolicy = { ...on, devices: { cs: { autoReply: false, replyToComplaints: false }, sales: { autoReply: true, replyToComplaints: true } } }
    expect(decideNextReply(policy, { ...chat, deviceId: 'cs' })).toEqual({ outcome: 'ai_drafts', reason: 'number_auto_reply_off' })
    expect(decideNextReply(policy, { ...chat, deviceId: 'first' })).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
    expect(decideNextReply({ ...policy, autoReply: false }, { ...chat, deviceId: 'sales' })).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
    // The number's complaint switch too (the modes stay the shop's).
    expect(decideNextReply({ ...policy, enabledModes: ['faq', 'complaint'] }, { ...chat, mode: 'complaint', deviceId: 'sales' })).toEqual({ outcome: 'ai_answers', reason: 'auto_reply_on' })
  })

  it("says a complaint waits for a person because of the number's own setting when that is what keeps the AI from it", () => {
    const shop: ReplyPolicy = { ...on, replyToComplaints: true, enabledModes: ['faq', 'complaint'] }
    const policy: ReplyPolicy = { ...shop, devices: { cs: { autoReply: true, replyToComplaints: false }, quiet: { autoReply: false, replyToComplaints: true } } }
    const complaint = { ...chat, mode: 'complaint' }
    expect(decideNextReply(policy, { ...complaint, deviceId: 'cs' })).toEqual({ outcome: 'human', reason: 'number_complaint_handover' })
    expect(decideNextReply(policy, { ...complaint, deviceId: 'quiet' })).toEqual({ outcome: 'human', reason: 'number_complaint_handover' })
    // A number following the shop, or a shop that does not let the AI take complaints at all (its
    // modes, which a number cannot change): the shop's settings are where to change it.
    expect(decideNextReply({ ...policy, replyToComplaints: false }, { ...complaint, deviceId: 'first' })).toEqual({ outcome: 'human', reason: 'complaint_handover' })
    expect(decideNextReply({ ...policy, enabledModes: ['faq'] }, { ...complaint, deviceId: 'cs' })).toEqual({ outcome: 'human', reason: 'complaint_handover' })
  })
})
