// Shapes of the Warta HTTP and realtime API. The HTTP shapes are generated from the server's
// route schemas (api.generated.ts, `npm run gen:api-types`; GET /api/v1/openapi.json); the names
// below are the ones components use. The realtime events (WebSocket /api/v1/events) are not in
// the OpenAPI document: their map is kept here, over the generated shapes.
import type * as Api from './api.generated'

export type Role = Api.Role
export type Mode = Api.Mode
export type MessageStatus = Api.MessageStatus
export type DeviceState = Api.DeviceState

export type User = Api.User
export type Tenant = Api.Tenant
export type Session = Api.Session

export type Qr = Api.Qr
export type PairingCode = Api.PairingCode
export type DeviceStatus = Api.DeviceStatus
export type Device = Api.Device
/** A message as POST /messages answers it (the dashboard's "Pesan baru" sends through it too). */
export type ApiMessage = Api.ApiMessage
export type DeviceColour = Api.DeviceColour

export type Contact = Api.Contact
export type NextReply = Api.NextReply
export type NextReplyOutcome = NextReply['outcome']
export type NextReplyReason = NextReply['reason']
export type ConversationSummary = Api.ConversationSummary
export type AiSuggestion = Api.AiSuggestion
export type Insight = Api.Insight
export type Message = Api.Message
export type Media = Api.Media

export type FollowUp = Api.FollowUp
export type FollowUpStatus = FollowUp['status']

/** The list shape of paged routes. */
export interface Page<T> { items: T[]; nextCursor: string | null }

export type AiConfig = Api.AiConfig
export type PriceItem = AiConfig['priceList'][number]
export type Tone = AiConfig['tone']
export type AiConfigPatch = Partial<Omit<AiConfig, 'hasApiKey'>> & { apiKey?: string | null }
export type PriceListImport = Api.PriceListImportResult
export type ClassifierTest = Api.ClassifierTest
export type ReplyPreview = Api.ReplyPreview

export type QuickReply = Api.QuickReply
export type Label = Api.Label
export type LabelColour = Label['colour']

export type ApiKey = Api.ApiKey
export type ApiScope = ApiKey['scopes'][number]
export type CreatedApiKey = Api.CreatedApiKey

export type WebhookEvent = 'message.received' | 'message.status' | 'message.sent' | 'session.state' | 'insight.created' | 'followup.*'
export type WebhookEndpoint = Api.WebhookEndpoint
export type CreatedWebhook = Api.CreatedWebhook
export type WebhookDelivery = Api.WebhookDelivery
export type DeadLetter = Api.DeadLetter
/** A bulk send (POST /api/v1/batches) and how far it got. */
export type MessageBatch = Api.MessageBatch
export type NumberCheckResult = Api.NumberCheckResult

export type TeamMember = Api.TeamMember
export type Note = Api.Note
export type AuditEvent = Api.AuditEvent
export type PasswordResetLink = Api.PasswordResetLink
export type Overview = Api.Overview
export type ContactDetail = Api.ContactDetail

/** Realtime events (WebSocket /api/v1/events), keyed by `type`. */
export interface EventMap {
  'session.qr': Qr
  'session.state': Omit<DeviceStatus, 'qr'>
  'message.created': { conversation: ConversationSummary; message: Message }
  'message.status': { conversationId: string; messageId: string; status: MessageStatus }
  /**
   * A message changed: its media finished fetching (`media`), or the customer reacted to, edited or
   * deleted it (`message`, the whole message again).
   */
  'message.updated': { messageId: string; conversationId?: string; message?: Message; media?: Media }
  'insight.created': { conversationId: string; messageId: string; insight: Insight; conversation: ConversationSummary }
  'conversation.updated': ConversationSummary
  /** A chat was deleted (with its customer when `customerDeleted`): it leaves every list and thread. */
  'conversation.deleted': { conversationId: string; contactId: string; customerDeleted: boolean }
  'followup.scheduled': FollowUp
  'followup.sent': FollowUp
  'followup.cancelled': FollowUp
  'labels.changed': { items: Label[] }
  'suggestion.created': { conversationId: string; suggestion: AiSuggestion }
  /** A customer has waited the tenant's threshold for the shop's answer (once per wait). */
  'conversation.waiting': { conversation: ConversationSummary; waitingMinutes: number }
  /** The AI settings that decide every chat's next reply changed. */
  'ai_config.updated': { autoReply: boolean; enabledModes: Mode[]; replyToComplaints: boolean }
  /** Warta turned a webhook endpoint off after a day of failed attempts. */
  'webhook.disabled': { webhookId: string; url: string; reason: string; failingSince: string | null }
  /** A knowledge-base document changed (uploaded, progress, ready, failed) or was deleted. */
  'knowledge.updated': KnowledgeDocument | { id: string; deleted: true }
  /** A chat was given to a teammate (the assignee's dashboard tells them). */
  'conversation.assigned': { conversationId: string; assigneeId: string; by: string | null; conversation: ConversationSummary }
  /** An internal note was left in a chat (mentioned teammates are told). */
  'note.created': { note: Note }
  /** A teammate opened or closed their last dashboard. */
  'presence.changed': { userId: string; online: boolean }
}
export type EventType = keyof EventMap
export interface ServerEvent<T extends EventType = EventType> { type: T; tenantId: string; at: string; data: EventMap[T] }

export type KnowledgeSource = Api.KnowledgeSource
export type KnowledgeDocument = Api.KnowledgeDocument
export type KnowledgeState = KnowledgeDocument['state']
export type KnowledgeList = Api.KnowledgeList
export type KnowledgePriceRow = Api.KnowledgePriceRow
export type KnowledgeImport = Api.KnowledgeImport
export type ReplySource = Api.ReplySource
export type AiUsage = Api.AiUsage

export type Customer = Api.Customer
export type CustomerPage = Api.CustomerPage
export type CustomerImportResult = Api.CustomerImportResult
export type AwaySettings = Api.AwaySettings
export type DeviceSettings = Api.DeviceSettings
