// The shapes the API and the events socket send (docs/API.md), built from rows.
import type { contacts, conversations, messages } from './inbox.tables.js'
import type { customerInsights } from '../insights/insights.tables.js'

export type ContactRow = typeof contacts.$inferSelect
export type ConversationRow = typeof conversations.$inferSelect
export type MessageRow = typeof messages.$inferSelect
export type InsightRow = typeof customerInsights.$inferSelect

export interface ContactDto { id: string; name: string | null; phone: string | null; jid: string; lid: string | null }
export interface InsightDto {
  id: string; messageId: string; mode: string; intent: string; tags: string[]; sentiment: string
  productInterest: string | null; summary: string; needsFollowUp: boolean; confidence: number
  classifier: 'offline' | 'openai'; model: string | null; fallbackReason: string | null; corrected: boolean; createdAt: string
}
export interface MessageDto {
  id: string; conversationId: string; direction: 'in' | 'out'; type: string; body: string | null
  status: MessageRow['status']; sentBy: MessageRow['sentBy']; error: string | null; createdAt: string; insight: InsightDto | null
}
export interface ConversationSummary {
  id: string; contact: ContactDto
  lastMessage: { body: string | null; direction: string; at: string; status: string | null } | null
  unreadCount: number; aiEnabled: boolean; humanTakeover: boolean; tags: string[]; mode: string | null; intent: string | null
  updatedAt: string
}

export const toContactDto = (c: ContactRow): ContactDto => ({ id: c.id, name: c.name, phone: c.phone, jid: c.jid, lid: c.lid })

export const toInsightDto = (i: InsightRow): InsightDto => ({
  id: i.id, messageId: i.messageId, mode: i.mode, intent: i.intent, tags: i.correctedTags ?? i.tags, sentiment: i.sentiment,
  productInterest: i.productInterest, summary: i.summary, needsFollowUp: i.needsFollowUp, confidence: i.confidence,
  classifier: i.classifier, model: i.model, fallbackReason: i.fallbackReason, corrected: i.correctedTags !== null, createdAt: i.createdAt.toISOString(),
})

export const toMessageDto = (m: MessageRow, insight?: InsightRow | null): MessageDto => ({
  id: m.id, conversationId: m.conversationId, direction: m.direction, type: m.type, body: m.body, status: m.status,
  sentBy: m.sentBy, error: m.error, createdAt: m.createdAt.toISOString(), insight: insight ? toInsightDto(insight) : null,
})

export const toConversationSummary = (c: ConversationRow, contact: ContactRow): ConversationSummary => ({
  id: c.id,
  contact: toContactDto(contact),
  lastMessage: c.lastMessageAt
    ? { body: c.lastMessageBody, direction: c.lastMessageDirection ?? 'in', at: c.lastMessageAt.toISOString(), status: c.lastMessageStatus }
    : null,
  unreadCount: c.unreadCount, aiEnabled: c.aiEnabled, humanTakeover: c.humanTakeover, tags: c.tags, mode: c.mode, intent: c.intent,
  updatedAt: c.updatedAt.toISOString(),
})
