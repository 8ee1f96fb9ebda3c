// GENERATED from GET /api/v1/openapi.json by `npm run gen:api-types` — do not edit.
// The server's zod route schemas are the source (server/src/**/*.schemas.ts); a test fails when
// this file is stale (server/test/api-types/api-types.int.test.ts).
/* eslint-disable */

export interface _47 {
  enabled: boolean
  message: string
  /** Monday (Senin) first. */
  week: Array<{
    closed: boolean
    /** Opening time, local (HH:MM). */
    open: string
    /** Closing time, local (HH:MM); at or before the opening, it is the next morning (20:00–02:00). */
    close: string
  }>
  /** Dates (YYYY-MM-DD, in the shop's timezone) the shop stays closed; an evening window of the day before still runs into them. */
  holidays?: string[]
}

export interface AiConfig {
  businessName: string
  profile: {
    about: string
    menu: string
    hours: string
    address: string
    faq: string
  }
  priceList: Array<{
    name: string
    price: number
    unit?: string | null
  }>
  tone: "friendly" | "casual" | "formal"
  replyLanguage: "id" | "en" | "auto"
  enabledModes: Array<"faq" | "order" | "complaint" | "other">
  autoReply: boolean
  replyToComplaints: boolean
  model: string
  baseUrl: string | null
  /** An AI provider key is stored (it is never sent back). */
  hasApiKey: boolean
  followUp: {
    enabled: boolean
    afterHours: number
    maxCount: number
    onlyHotLeads: boolean
  }
  /** Alert the owner once when a customer has waited this long for an answer. */
  waitingAlert: {
    enabled: boolean
    afterMinutes: number
  }
  timezone: string
  quietHours: {
    start: string
    end: string
  }
  /** The model can see images: photos are described for the classifier. */
  visionEnabled: boolean
  /** Days media files are kept; null = the server's default. */
  mediaRetentionDays: number | null
  /** Tokens a month the tenant's own model may use; past it the built-in AI answers. Null = no cap. */
  monthlyTokenCap: number | null
}

/** The AI's suggested answer ("Saran AI") to the newest customer message, for a person to send. */
export interface AiSuggestion {
  id: string
  conversationId: string
  messageId: string
  text: string
  handoff: boolean
  source: "offline" | "openai"
  sources?: ReplySource[]
  fallbackReason?: string | null
  createdAt: string
}

/** This month's tokens of the tenant's own model. */
export interface AiUsage {
  month: string
  promptTokens: number
  completionTokens: number
  totalTokens: number
  requests: number
  cap: number | null
}

export interface ApiError {
  error: {
    /** Stable code, `module.reason` (e.g. `validation.failed`). */
    code: string
    /** For people; may change. */
    message: string
    /** One entry per bad field, for validation errors. */
    details?: Array<{
      path: string
      code: string
      message: string
      [key: string]: unknown
    }>
  }
}

/** An API key; never carries the secret. */
export interface ApiKey {
  id: string
  name: string
  /** The visible start of the key, to recognise it. */
  prefix: string
  scopes: Array<"messages:send" | "messages:read" | "contacts:read" | "contacts:write" | "device:manage" | "webhooks:manage">
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
  createdAt: string
  status: "active" | "expired" | "revoked"
}

/** A message as the integrator API shows it. */
export interface ApiMessage {
  id: string
  conversationId: string
  /** E.164, when the chat is a phone number. */
  to: string | null
  direction: "in" | "out"
  /** text, image, video, audio (voice notes too), document, sticker, location… */
  type: string
  text: string | null
  /** The file sent with it (its own media id; see the chat thread for links). */
  mediaId: string | null
  status: MessageStatus
  error: string | null
  sentBy: "customer" | "owner" | "agent" | "ai" | "followup" | "api" | "away"
  createdAt: string
  sentAt: string | null
  /** While pending: when it is expected to leave (replies at once; other sends after the paced messages ahead, at SEND_PACING_PER_MINUTE plus average jitter). Null once it left, or while its batch is paused. */
  expectedAt: string | null
}

/** Who did what, when. Never message text or secrets. */
export interface AuditEvent {
  id: string
  at: string
  actor: {
    type: "user" | "api_key" | "system"
    id: string | null
    /** The name the person had then. */
    name: string | null
  }
  /** e.g. message.sent, conversation.assigned, conversation.status_changed, settings.updated, api_key.created, team.invited. */
  action: string
  target: {
    type: string
    id: string
  } | null
  details: Record<string, string | number | boolean | null>
}

export interface AwaySettings {
  enabled: boolean
  message: string
  week: Array<{
    closed: boolean
    open: string
    close: string
  }>
  /** Closed dates (YYYY-MM-DD, shop timezone), soonest first. */
  holidays: string[]
  timezone: string
  status: {
    /** Open now by these hours. */
    open: boolean
    /** When the shop opens next; null when no day opens. */
    nextOpenAt: string | null
  }
}

export interface CheckNumbersResponse {
  results: NumberCheckResult[]
}

export interface ClassifierTest {
  classification: {
    mode: "faq" | "order" | "complaint" | "other"
    intent: string
    tags: string[]
    classifier: "offline" | "openai"
    sentiment: string
    productInterest: string | null
    summary: string
    needsFollowUp: boolean
    confidence: number
    language: string
    model?: string
    fallbackReason?: string
  }
  reply: {
    text: string
    handoff: boolean
  }
}

export interface Contact {
  id: string
  name: string | null
  phone: string | null
  jid: string
  lid: string | null
}

export interface ContactDetail {
  contact: Contact
  /** The shop's notes on the customer. */
  notes: string | null
  conversationId: string | null
  insights: Insight[]
  followUps: FollowUp[]
}

export interface ConversationSummary {
  id: string
  contact: Contact
  lastMessage: {
    body: string | null
    direction: "in" | "out"
    at: string
    status: MessageStatus | null
    type: string
    media: {
      kind: string
      durationMs: number | null
      fileName: string | null
    } | null
  } | null
  unreadCount: number
  aiEnabled: boolean
  humanTakeover: boolean
  tags: string[]
  mode: Mode | null
  intent: string | null
  /** The shop's own labels on this chat (ids of GET /labels). */
  labelIds: string[]
  /** The shop's number (GET /devices) this chat is with; replies leave from it. */
  device: {
    id: string
    name: string
    colour: string
    /** The shop removed this number: replies are refused (409 inbox.number_removed). */
    removed: boolean
  }
  updatedAt: string
  nextReply: NextReply
  /** The customer has waited for the shop's answer since then; null when the shop's word was last. */
  waitingSince: string | null
  /** open, waiting for the customer, or resolved. The shop answering an open chat (a person, the AI, a follow-up; not the away message) makes it waiting; a customer message reopens it. */
  status: "open" | "waiting" | "resolved"
  /** Snoozed (hidden from open chats) until then; a customer message wakes it earlier. */
  snoozedUntil: string | null
  /** The teammate handling the chat (GET /team), or null. */
  assigneeId: string | null
}

export interface CreatedApiKey {
  key: ApiKey
  /** The key itself (`wk_live_…`): shown this once, stored only hashed. */
  secret: string
}

export interface CreatedWebhook {
  webhook: WebhookEndpoint
  /** The signing secret: shown this once. Verify `X-Warta-Signature` with it (docs/API.md). */
  secret: string
}

export interface Customer {
  id: string
  name: string | null
  phone: string | null
  notes: string | null
  conversationId: string | null
  lastContactAt: string | null
  /** The customer waits for an answer (an open chat). */
  waiting: boolean
  tags: string[]
  labelIds: string[]
}

export interface CustomerDeleted {
  deleted: {
    conversations: number
    messages: number
    files: number
  }
}

export interface CustomerImportResult {
  /** windows-1252: the file was not UTF-8 and was converted (check accented letters). */
  encoding: "utf-8" | "windows-1252"
  rows: Array<{
    line: number
    /** E.164. */
    phone: string
    name: string | null
    notes: string | null
    labels: string[]
    action: "create" | "update"
  }>
  errors: Array<{
    line: number
    code: string
    message: string
  }>
  warnings: Array<{
    line: number
    code: string
    message: string
  }>
  /** False on a dry run. */
  saved: boolean
  created: number
  updated: number
}

export interface CustomerPage {
  items: Customer[]
  nextCursor: string | null
}

/** A customer message that arrived but could not be stored yet (retried by the worker). */
export interface DeadLetter {
  id: string
  waId: string
  chatJid: string
  fromMe: boolean
  type: string
  preview: string | null
  errorCode: string
  attempts: number
  receivedAt: string
  nextAttemptAt: string
}

/** One linked WhatsApp number of the shop. */
export interface Device {
  id: string
  name: string
  colour: DeviceColour
  /** The number the /device routes and sends without a deviceId use. */
  first: boolean
  createdAt: string
  status: DeviceStatus
  /** The groups of settings this number has its own values for (the rest follow the shop's); empty when it follows the shop in everything. */
  ownSettings: Array<"autoReply" | "followUp" | "away">
}

export type DeviceColour = "green" | "blue" | "purple" | "orange" | "pink" | "teal"

/** One number's settings: each group its own or the shop's. */
export interface DeviceSettings {
  deviceId: string
  /** Whether the AI answers by itself. `value` applies to the number now; `shop` is what `{ inherit: true }` would apply. */
  autoReply: {
    /** True: the number follows the shop's setting (`value` is the shop's). */
    inherit: boolean
    value: {
      autoReply: boolean
      replyToComplaints: boolean
    }
    shop: {
      autoReply: boolean
      replyToComplaints: boolean
    }
  }
  /** When quiet leads are nudged. `value` applies to the number now; `shop` is what `{ inherit: true }` would apply. */
  followUp: {
    /** True: the number follows the shop's setting (`value` is the shop's). */
    inherit: boolean
    value: {
      enabled: boolean
      afterHours: number
      maxCount: number
      onlyHotLeads: boolean
    }
    shop: {
      enabled: boolean
      afterHours: number
      maxCount: number
      onlyHotLeads: boolean
    }
  }
  /** Business hours and the away message (with whether the number is open now). `value` applies to the number now; `shop` is what `{ inherit: true }` would apply. */
  away: {
    /** True: the number follows the shop's setting (`value` is the shop's). */
    inherit: boolean
    value: AwaySettings
    shop: AwaySettings
  }
}

export type DeviceState = "disconnected" | "connecting" | "qr" | "connected" | "logged_out" | "failed"

export interface DeviceStatus {
  /** The number (device) this status is of. */
  deviceId: string
  state: DeviceState
  phone: string | null
  pushName: string | null
  lastError: string | null
  lastCloseCode: number | null
  qr: Qr | null
  /** While `state` is `qr`: linking by scanning the QR, or by a code typed on the phone (no QR then). */
  pairingMode: "qr" | "code" | null
  pairingCode: PairingCode | null
  demo: boolean
}

export interface FollowUp {
  id: string
  conversationId: string
  contact: Contact | null
  dueAt: string
  status: "scheduled" | "sent" | "cancelled" | "failed"
  text: string | null
  reason: string
  attempt: number
  messageId: string | null
  /** Why it was cancelled or failed (customer_replied, human_takeover…). */
  cancelReason: string | null
  createdAt: string
}

export interface Insight {
  id: string
  messageId: string
  mode: Mode
  intent: string
  tags: string[]
  sentiment: string
  productInterest: string | null
  summary: string
  needsFollowUp: boolean
  confidence: number
  classifier: "offline" | "openai"
  model: string | null
  /** Why the built-in classifier stood in for the AI model (no key, timeout…). */
  fallbackReason: string | null
  /** The owner corrected the tags. */
  corrected: boolean
  createdAt: string
  /** Something the owner should do about the message: `check_transfer_proof` ("Cek bukti transfer") for a photo that looks like a payment proof. */
  cue: {
    code: string
    text: string
  } | null
}

export interface InvitedMember {
  member: TeamMember
  /** Shown once; the member must replace it at first login. */
  temporaryPassword: string
}

export interface KnowledgeDocument {
  id: string
  fileName: string
  kind: "pdf" | "docx" | "xlsx" | "csv" | "text" | "image"
  byteSize: number
  state: "queued" | "processing" | "ready" | "failed"
  progress: number
  error: {
    code: string
    message: string
  } | null
  pages: number | null
  chunkCount: number
  priceRowCount: number
  edited: boolean
  createdAt: string
  updatedAt: string
}

export interface KnowledgeImport {
  rows: Array<{
    name: string
    price: number
    unit?: string | null
  }>
  added: number
  updated: number
  errors: Array<{
    line: number
    message: string
  }>
  saved: boolean
}

export interface KnowledgeList {
  items: KnowledgeDocument[]
  storage: {
    usedBytes: number
    limitBytes: number
  }
  /** Photos are read (OCR is installed on the server). */
  photoOcr: boolean
}

export interface KnowledgePriceRow {
  name: string
  price: number
  unit?: string
  where: string
  currentPrice: number | null
}

/** Where a piece of the knowledge base came from. */
export interface KnowledgeSource {
  documentId: string
  fileName: string
  location: string | null
}

export interface Label {
  id: string
  name: string
  colour: "slate" | "red" | "orange" | "amber" | "green" | "teal" | "blue" | "indigo" | "purple" | "pink"
  createdAt: string
}

export interface Me {
  user: User
  tenant: Tenant
}

export interface Media {
  id: string
  kind: string
  mime: string | null
  size: number | null
  width: number | null
  height: number | null
  durationMs: number | null
  fileName: string | null
  waveform: number[] | null
  /** pending (being fetched), ready, failed, expired… */
  state: string
  /** Signed, short-lived link to the file (usable in <img>/<audio>); null until ready. */
  url: string | null
  /** Signed, short-lived link to a JPEG preview, when there is one. */
  thumbnailUrl: string | null
  /** Voice notes: the words, when the tenant's provider transcribed them. */
  transcript: string | null
  /** Photos: one sentence from the tenant's vision model, when it is on. */
  description: string | null
  /** How far the AI got with the file (null: nothing asked of it). */
  understanding: "pending" | "done" | "failed" | "unavailable" | null
  [key: string]: unknown
}

export interface MediaUsage {
  /** Bytes of media stored for the tenant (each distinct file once). */
  bytes: number
  files: number
  /** Files older than this are deleted (the messages stay). */
  retentionDays: number
}

export interface Message {
  id: string
  conversationId: string
  direction: "in" | "out"
  type: string
  body: string | null
  status: MessageStatus
  sentBy: "customer" | "owner" | "agent" | "ai" | "followup" | "api" | "away"
  error: string | null
  createdAt: string
  insight: Insight | null
  /** A voice note's words from the tenant's speech-to-text (shown under the player); null otherwise. */
  transcript: string | null
  /** AI replies: the shop information the answer used (price list, FAQ, an uploaded document's page). */
  sources: ReplySource[]
  media: Media | null
  /** The message this one replies to, as the sender quoted it. */
  quoted: {
    waId: string
    body: string | null
    fromMe: boolean
  } | null
  reactions: Array<{
    by: "customer" | "shop"
    emoji: string
    at: string
  }>
  location: {
    latitude: number
    longitude: number
    name: string | null
    address: string | null
  } | null
  contactCard: {
    displayName: string
    phone: string | null
  } | null
  edited: boolean
  /** Deleted for everyone by its sender (the body is gone). */
  deleted: boolean
}

export interface MessageBatch {
  id: string
  status: "running" | "paused" | "cancelled" | "done"
  total: number
  progress: {
    pending: number
    sent: number
    delivered: number
    read: number
    failed: number
  }
  expectedDoneAt: string | null
  createdAt: string
}

export type MessageStatus = "received" | "pending" | "sent" | "delivered" | "read" | "failed"

export type Mode = "faq" | "order" | "complaint" | "other"

/** What happens to the next customer message of a chat (the chat header says it). */
export interface NextReply {
  outcome: "ai_answers" | "ai_drafts" | "human"
  reason: "auto_reply_on" | "auto_reply_off" | "number_auto_reply_off" | "mode_not_enabled" | "complaint_handover" | "number_complaint_handover" | "taken_over" | "handed_over" | "no_ai_for_chat" | "voice_note"
}

/** An internal note in a chat: staff only, never sent to the customer. */
export interface Note {
  id: string
  conversationId: string
  /** Null once the author left the team (authorName stays). */
  authorId: string | null
  authorName: string
  body: string
  /** Teammates @mentioned (user ids); they were notified. */
  mentions: string[]
  createdAt: string
}

export interface NumberCheckResult {
  number: string
  onWhatsApp: boolean
}

export interface Overview {
  range: {
    from: string
    to: string
  }
  conversationsByMode: {
    faq: number
    order: number
    complaint: number
    other: number
  }
  conversationsByTag: Record<string, number>
  messagesPerDay: Array<{
    /** YYYY-MM-DD in the business timezone. */
    date: string
    in: number
    out: number
  }>
  hotLeadsWaiting: ConversationSummary[]
}

/** A code to type on the phone (linking by phone number), for one number. */
export interface PairingCode {
  code: string
  phoneNumber: string
  expiresAt: string
}

export interface PasswordResetLink {
  token: string
  /** The one-time link (the token travels in the URL fragment). */
  path: string
  expiresAt: string
}

export interface PriceListImportResult {
  rows: Array<{
    name: string
    price: number
    unit?: string | null
  }>
  errors: Array<{
    line: number
    message: string
  }>
  /** False on a dry run or when any line was refused. */
  saved: boolean
}

export interface Qr {
  code: string
  /** The QR as an SVG image data URL, ready for an <img>. */
  dataUrl: string
  expiresAt: string
}

export interface QuickReply {
  id: string
  shortcut: string
  text: string
  createdAt: string
  updatedAt: string
}

export interface ReplyPreview {
  classification: {
    mode: "faq" | "order" | "complaint" | "other"
    intent: string
    tags: string[]
    classifier: "offline" | "openai"
  }
  /** What the AI would do with this message were auto-reply on. */
  outcome: "ai_answers" | "handed_over" | "mode_not_enabled" | "complaint_to_person"
  reply: {
    text: string
    handoff: boolean
  } | null
}

/** A piece of the shop's information an AI reply used: "Daftar harga", "FAQ", "menu.pdf, hal. 2". */
export interface ReplySource {
  id: string
  label: string
  documentId?: string
  fileName?: string
  location?: string | null
}

export type Role = "owner" | "admin" | "agent" | "viewer"

/** A signed-in session; the refresh token travels only in the httpOnly cookie. */
export interface Session {
  /** Send as `Authorization: Bearer …`. */
  accessToken: string
  /** Seconds until the access token expires. */
  expiresIn: number
  user: User
  tenant: Tenant
}

export interface TeamMember {
  id: string
  email: string
  name: string
  role: Role
  createdAt: string
}

export interface Tenant {
  id: string
  name: string
  timezone: string
  onboarded: boolean
}

export interface User {
  id: string
  email: string
  name: string
  role: Role
  /** Signed in with a temporary password: the app asks for a new one before anything else. */
  mustChangePassword: boolean
}

export interface WebhookDelivery {
  id: string
  endpointId: string
  eventId: string
  eventType: string
  status: "pending" | "succeeded" | "failed"
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  lastAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
}

export interface WebhookEndpoint {
  id: string
  url: string
  events: string[]
  active: boolean
  description: string | null
  createdAt: string
  updatedAt: string
  /** Set when Warta turned the endpoint off after a day of failed attempts. */
  disabledAt: string | null
  disabledReason: string | null
  /** Since when every attempt has failed (null: healthy). */
  failingSince: string | null
  /** After a rotation, the old secret also signs (`v1=<new>,v1=<old>`) until then. */
  previousSecretValidUntil: string | null
}

/** The success body of each operation, by `METHOD /path` (paths relative to /api/v1). */
export interface ApiResponses {
  'GET /ai-config': AiConfig
  'PUT /ai-config': AiConfig
  'POST /ai-config/preview-reply': ReplyPreview
  'POST /ai-config/price-list/import': PriceListImportResult
  'POST /ai-config/test-classifier': ClassifierTest
  'GET /ai-config/usage': AiUsage
  'GET /api-keys': {
    items: ApiKey[]
  }
  'POST /api-keys': CreatedApiKey
  'DELETE /api-keys/{id}': ApiKey
  'GET /audit': {
    items: AuditEvent[]
    nextCursor: string | null
  }
  'POST /auth/login': Session
  'POST /auth/logout': void
  'GET /auth/me': Me
  'POST /auth/password': Session
  'GET /auth/password-reset': {
    /** Reset links can be sent by e-mail (SMTP is configured). */
    email: boolean
  }
  'POST /auth/password-reset': Session
  'POST /auth/password-reset/request': {
    /** Reset links can be sent by e-mail (SMTP is configured). */
    email: boolean
  }
  'POST /auth/refresh': Session
  'POST /auth/register': Session
  'GET /away': AwaySettings
  'PUT /away': AwaySettings
  'POST /batches': MessageBatch
  'GET /batches': {
    items: MessageBatch[]
  }
  'GET /batches/{id}': MessageBatch
  'POST /batches/{id}/{action}': MessageBatch
  'GET /contacts/{id}': ContactDetail
  'POST /contacts/check': CheckNumbersResponse
  'GET /conversations': {
    items: ConversationSummary[]
    nextCursor: string | null
  }
  'GET /conversations/{id}': ConversationSummary
  'PATCH /conversations/{id}': ConversationSummary
  'DELETE /conversations/{id}': CustomerDeleted
  'POST /conversations/{id}/handback': ConversationSummary
  'PATCH /conversations/{id}/insights/{insightId}': Insight
  'PUT /conversations/{id}/labels': ConversationSummary
  'GET /conversations/{id}/messages': {
    items: Message[]
    nextCursor: string | null
  }
  'POST /conversations/{id}/messages': Message
  'GET /conversations/{id}/notes': {
    items: Note[]
  }
  'POST /conversations/{id}/notes': Note
  'POST /conversations/{id}/read': void
  'GET /conversations/{id}/suggestion': {
    suggestion: AiSuggestion | null
  }
  'POST /conversations/{id}/takeover': ConversationSummary
  'GET /customers': CustomerPage
  'PATCH /customers/{id}': Customer
  'DELETE /customers/{id}': CustomerDeleted
  'GET /customers/export': unknown
  'POST /customers/import': CustomerImportResult
  'POST /device/connect': DeviceStatus
  'POST /device/disconnect': DeviceStatus
  'POST /device/logout': DeviceStatus
  'POST /device/pair-code': {
    code: string
  }
  'GET /device/status': DeviceStatus
  'GET /devices': {
    items: Device[]
  }
  'POST /devices': Device
  'GET /devices/{id}': Device
  'PATCH /devices/{id}': Device
  'DELETE /devices/{id}': void
  'POST /devices/{id}/connect': DeviceStatus
  'POST /devices/{id}/disconnect': DeviceStatus
  'POST /devices/{id}/logout': DeviceStatus
  'POST /devices/{id}/pair-code': {
    code: string
  }
  'GET /devices/{id}/settings': DeviceSettings
  'PUT /devices/{id}/settings': DeviceSettings
  'GET /devices/{id}/status': DeviceStatus
  'GET /events': unknown
  'GET /follow-ups': {
    items: FollowUp[]
    nextCursor: string | null
  }
  'POST /follow-ups/{id}/cancel': FollowUp
  'GET /inbox/dead-letters': {
    count: number
    items: DeadLetter[]
  }
  'GET /inbox/team-settings': {
    /** New chats go in turn to teammates who are online (off by default). */
    roundRobin: boolean
  }
  'PUT /inbox/team-settings': {
    /** New chats go in turn to teammates who are online (off by default). */
    roundRobin: boolean
  }
  'GET /knowledge/documents': KnowledgeList
  'POST /knowledge/documents': KnowledgeDocument
  'GET /knowledge/documents/{id}': {
    id: string
    fileName: string
    kind: "pdf" | "docx" | "xlsx" | "csv" | "text" | "image"
    byteSize: number
    state: "queued" | "processing" | "ready" | "failed"
    progress: number
    error: {
      code: string
      message: string
    } | null
    pages: number | null
    chunkCount: number
    priceRowCount: number
    edited: boolean
    createdAt: string
    updatedAt: string
    text: string | null
  }
  'DELETE /knowledge/documents/{id}': void
  'GET /knowledge/documents/{id}/price-rows': {
    rows: KnowledgePriceRow[]
  }
  'POST /knowledge/documents/{id}/price-rows/import': KnowledgeImport
  'PUT /knowledge/documents/{id}/text': KnowledgeDocument
  'POST /knowledge/documents/text': KnowledgeDocument
  'GET /knowledge/search': {
    items: Array<{
      text: string
      source: KnowledgeSource
      score: number
    }>
  }
  'GET /labels': {
    items: Label[]
  }
  'POST /labels': Label
  'PATCH /labels/{id}': Label
  'DELETE /labels/{id}': void
  'POST /media': Media
  'GET /media/{id}/content': unknown
  'POST /media/{id}/preview': Media
  'GET /media/{id}/thumbnail': unknown
  'GET /media/stickers': {
    items: Media[]
  }
  'GET /media/usage': MediaUsage
  'POST /messages': ApiMessage
  'GET /messages/{id}': ApiMessage
  'GET /openapi.json': {
    openapi: "3.1.0"
    [key: string]: unknown
  }
  'GET /overview': Overview
  'GET /presence': {
    online: string[]
  }
  'GET /quick-replies': {
    items: QuickReply[]
  }
  'POST /quick-replies': QuickReply
  'PATCH /quick-replies/{id}': QuickReply
  'DELETE /quick-replies/{id}': void
  'GET /team': {
    items: TeamMember[]
  }
  'POST /team': InvitedMember
  'DELETE /team/{id}': void
  'PATCH /team/{id}': TeamMember
  'POST /team/{id}/password-reset': PasswordResetLink
  'POST /tenant/onboarded': Tenant
  'GET /webhooks': {
    items: WebhookEndpoint[]
  }
  'POST /webhooks': CreatedWebhook
  'PATCH /webhooks/{id}': WebhookEndpoint
  'DELETE /webhooks/{id}': void
  'GET /webhooks/{id}/deliveries': {
    items: WebhookDelivery[]
  }
  'POST /webhooks/{id}/rotate-secret': CreatedWebhook
  'POST /webhooks/{id}/test': WebhookDelivery
  'GET /webhooks/deliveries': {
    items: WebhookDelivery[]
  }
  'POST /webhooks/deliveries/{id}/redeliver': WebhookDelivery
  'GET /healthz': {
    status: "ok" | "unrecoverable"
    reason?: string
  }
  'GET /metrics': unknown
  'GET /readyz': {
    status: "ready" | "not_ready"
    checks: Record<string, string>
  }
}
