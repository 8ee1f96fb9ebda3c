// Shapes of the Warta HTTP and realtime API (docs/API.md). Kept by hand: the contract is small
// and the server team implements exactly that document.

export type Role = 'owner' | 'admin' | 'agent' | 'viewer'
export type Mode = 'faq' | 'order' | 'complaint' | 'other'
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | 'received'
export type DeviceState = 'disconnected' | 'connecting' | 'qr' | 'connected' | 'logged_out' | 'failed'

export interface User { id: string; email: string; name: string | null; role: Role }
export interface Tenant { id: string; name: string; timezone: string; onboarded: boolean }
export interface Session { accessToken: string; expiresIn: number; user: User; tenant: Tenant }

export interface Qr { code: string; dataUrl: string; expiresAt: string }
export interface DeviceStatus {
  state: DeviceState
  phone: string | null
  pushName: string | null
  lastError: string | null
  qr: Qr | null
  demo: boolean
}

export interface Contact { id: string; name: string | null; phone: string | null; jid: string; lid: string | null }

export interface ConversationSummary {
  id: string
  contact: Contact
  lastMessage: { body: string | null; direction: 'in' | 'out'; at: string; status: MessageStatus | null } | null
  unreadCount: number
  aiEnabled: boolean
  humanTakeover: boolean
  tags: string[]
  mode: Mode | null
  intent: string | null
  updatedAt: string
}

export interface Insight {
  id: string
  messageId: string
  mode: Mode | null
  intent: string | null
  tags: string[]
  sentiment: string | null
  productInterest: string | null
  summary: string | null
  needsFollowUp: boolean
  confidence: number | null
  classifier: 'offline' | 'openai'
  model?: string | null
  /** Why the built-in classifier stood in for the AI model (no key, timeout…). */
  fallbackReason?: string | null
  /** The owner corrected the tags. */
  corrected?: boolean
  createdAt: string
}

export interface Message {
  id: string
  conversationId: string
  direction: 'in' | 'out'
  type: string
  body: string | null
  status: MessageStatus
  sentBy: 'customer' | 'owner' | 'agent' | 'ai' | 'followup' | 'api'
  error?: string | null
  createdAt: string
  insight: Insight | null
}

export type FollowUpStatus = 'scheduled' | 'sent' | 'cancelled' | 'failed'
export interface FollowUp {
  id: string
  conversationId: string
  contact: Contact
  dueAt: string
  status: FollowUpStatus
  text: string | null
  reason: string | null
  attempt: number
  createdAt: string
}

export interface Page<T> { items: T[]; nextCursor: string | null }

export interface PriceItem { name: string; price: number; unit?: string | null }
export type Tone = 'friendly' | 'casual' | 'formal'
export interface AiConfig {
  businessName: string
  profile: { about: string; menu: string; hours: string; address: string; faq: string }
  priceList: PriceItem[]
  tone: Tone
  replyLanguage: 'id' | 'en' | 'auto'
  enabledModes: Mode[]
  autoReply: boolean
  replyToComplaints: boolean
  model: string
  baseUrl: string | null
  hasApiKey: boolean
  followUp: { enabled: boolean; afterHours: number; maxCount: number; onlyHotLeads: boolean }
  timezone: string
  quietHours: { start: string; end: string }
}
export type AiConfigPatch = Partial<Omit<AiConfig, 'hasApiKey'>> & { apiKey?: string | null }

export interface PriceListImport { rows: PriceItem[]; errors: { line: number; message: string }[] }
export interface ClassifierTest {
  classification: Partial<Insight>
  reply: { text: string; handoff: boolean } | null
}

export interface TeamMember { id: string; email: string; name: string | null; role: Role; createdAt: string }

export interface Overview {
  range: { from: string; to: string }
  conversationsByMode: Record<Mode, number>
  conversationsByTag: Record<string, number>
  messagesPerDay: { date: string; in: number; out: number }[]
  hotLeadsWaiting: ConversationSummary[]
}

export interface ContactDetail { contact: Contact; insights: Insight[]; followUps: FollowUp[] }

/** Realtime events (WebSocket /api/v1/events), keyed by `type`. */
export interface EventMap {
  'session.qr': Qr
  'session.state': Omit<DeviceStatus, 'qr'>
  'message.created': { conversation: ConversationSummary; message: Message }
  'message.status': { conversationId: string; messageId: string; status: MessageStatus }
  'insight.created': { conversationId: string; messageId: string; insight: Insight; conversation: ConversationSummary }
  'conversation.updated': ConversationSummary
  'followup.scheduled': FollowUp
  'followup.sent': FollowUp
  'followup.cancelled': FollowUp
}
export type EventType = keyof EventMap
export interface ServerEvent<T extends EventType = EventType> { type: T; tenantId: string; at: string; data: EventMap[T] }
