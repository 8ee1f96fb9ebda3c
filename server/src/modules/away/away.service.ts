// The away message: outside business hours, a customer who writes gets the shop's message once per
// closed period. It owns the settings and the record of what was sent; the message itself goes
// through the inbox's outbox like any other, so pacing and the send-once rules apply.
//
// The AI and the away message: the away message answers first (it is queued as the message is
// stored, before the worker classifies it), and the AI's answer may still follow when auto-reply
// is on. They say different things — "we are closed, back at 08:00" and the answer to the
// question — and a customer asking a price at night is better served by both than by either; the
// away message is not "the shop's word" for the AI (inbox.read.repository.ts), so it never stops
// the answer. Owners who want only one turn the other off.
//
// The check runs for every customer message, so the settings are cached per tenant in each
// process (most tenants have it off: without the cache that is one query per message for nothing).
// A save here drops this process's copy at once and `announce` tells the others over Redis to drop
// theirs (composition.ts); the TTL only bounds staleness should an announcement be lost. A save
// writes its audit entry (which settings, never the message text) in its own transaction.
import type { Db } from '../../db/client.js'
import { InvalidatingCache } from '../../shared/invalidating-cache.js'
import type { Actor } from '../../shared/actor.js'
import type { AuditService } from '../audit/audit.service.js'
import type { Clock } from '../../shared/clock.js'
import type { Logger } from '../../shared/logger.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { AiConfigService } from '../ai-config/ai-config.service.js'
import { awayRepository, type AwaySettingsRow } from './away.repository.js'
import { hoursState, type WeekHours } from './away.hours.js'
import type { AwaySettings, AwaySettingsBody } from './away.schemas.js'

/** A customer who wrote, or was answered, this recently is in a conversation: no away message. */
const RECENT_MS = 60 * 60_000
/**
 * Only a customer writing now is told the shop is closed: messages stored late (the backlog after a
 * reconnect) that were written longer ago than this get no away message.
 */
const FRESH_MS = 15 * 60_000

const CACHE_TTL_MS = 30_000

const DEFAULT_WEEK: WeekHours = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ closed: d === 6, open: '08:00', close: '17:00' }))

export interface AwayDeps {
  db: Db
  clock: Clock
  logger: Logger
  inbox: Pick<InboxService, 'recentMessages' | 'enqueueOutgoing' | 'afterOutgoing' | 'replyPolicy' | 'conversation'>
  aiConfig: Pick<AiConfigService, 'get'>
  /**
   * The numbers with their own hours and away message, by device id (device-settings module,
   * cached and invalidated there); a chat of a number not listed follows the shop's.
   */
  numbersAway?(tenantId: string): Promise<ReadonlyMap<string, AwayHours>>
  audit: Pick<AuditService, 'record'>
  /** Tells the other processes a tenant's settings changed (they call `invalidate`). */
  announce?: (tenantId: string) => Promise<void>
}

/** What decides an away message: the shop's settings or a number's own. */
export interface AwayHours { enabled: boolean; message: string; week: WeekHours; holidays: string[] }

/** Holidays as stored: each date once, soonest first. */
export const sortedHolidays = (holidays: readonly string[]): string[] => [...new Set(holidays)].sort()

export class AwayService {
  /** A tenant's row, or null when it never saved any (cached as well: most never do). */
  private readonly cache = new InvalidatingCache<AwaySettingsRow | null>(CACHE_TTL_MS)

  constructor(private readonly deps: AwayDeps) {}

  async settings(tenantId: string): Promise<AwaySettings> {
    return this.toDto(tenantId, await this.row(tenantId))
  }

  async save(tenantId: string, body: AwaySettingsBody, by: Actor): Promise<AwaySettings> {
    const holidays = sortedHolidays(body.holidays)
    const row = await this.deps.db.transaction(async (tx) => {
      const saved = await awayRepository.save(tx, tenantId, { ...body, holidays })
      await this.deps.audit.record(tenantId, by, [{ action: 'settings.updated', targetType: 'settings', targetId: 'away', details: { fields: Object.keys(body).sort().join(','), enabled: body.enabled } }], tx)
      return saved
    })
    this.invalidate(tenantId)
    await this.deps.announce?.(tenantId)
    return this.toDto(tenantId, row)
  }

  /** Forgets a tenant's cached settings (a change here or in another process). */
  invalidate(tenantId: string): void {
    this.cache.invalidate(tenantId)
  }

  private row(tenantId: string): Promise<AwaySettingsRow | null> {
    return this.cache.get(tenantId, async () => (await awayRepository.get(this.deps.db, tenantId)) ?? null)
  }

  private toDto(tenantId: string, row: AwaySettingsRow | null): Promise<AwaySettings> {
    return this.view(tenantId, row ?? { enabled: false, message: '', week: DEFAULT_WEEK, holidays: [] })
  }

  /** Settings as the API shows them, with whether they make the shop open now (the shop's timezone). */
  async view(tenantId: string, s: AwayHours): Promise<AwaySettings> {
    const { timezone } = await this.deps.aiConfig.get(tenantId)
    const state = hoursState(this.deps.clock.now(), s.week, timezone, s.holidays)
    return {
      enabled: s.enabled, message: s.message, week: s.week, holidays: s.holidays, timezone,
      status: { open: state.open, nextOpenAt: state.nextOpenAt?.toISOString() ?? null },
    }
  }

  /**
   * A customer wrote (the inbox's `customer.waiting`, after the message was stored). Failures are
   * logged, never thrown: the message is stored, and a missed away message must not undo that.
   */
  async onCustomerWrote(tenantId: string, conversationId: string): Promise<void> {
    try {
      await this.maybeSend(tenantId, conversationId)
    } catch (err) {
      this.deps.logger.error({ err, tenantId }, 'away message not sent')
    }
  }

  private async maybeSend(tenantId: string, conversationId: string): Promise<void> {
    const shop = await this.row(tenantId)
    const numbers = (await this.deps.numbersAway?.(tenantId)) ?? new Map<string, AwayHours>()
    // Most shops have it off everywhere: known from the caches alone, without reading the chat.
    if (!shop?.enabled && ![...numbers.values()].some((n) => n.enabled)) return
    const chat = (await this.deps.inbox.conversation(tenantId, conversationId))?.conversation
    if (!chat) return
    const settings = numbers.get(chat.deviceId) ?? shop
    if (!settings?.enabled || !settings.message) return
    const now = this.deps.clock.now()
    const { timezone } = await this.deps.aiConfig.get(tenantId)
    const state = hoursState(now, settings.week, timezone, settings.holidays)
    if (state.open || !state.periodKey) return
    const periodStart = new Date(`${state.periodKey}:00.000Z`)
    const recentFrom = now.getTime() - RECENT_MS
    const messages = await this.deps.inbox.recentMessages(tenantId, conversationId, 30)
    const newestIn = messages.filter((m) => m.direction === 'in').at(-1)
    if (!newestIn || newestIn.createdAt.getTime() < now.getTime() - FRESH_MS) return
    const recent = messages.filter((m) => m.createdAt.getTime() >= recentFrom)
    // Answered in the last hour (by anyone: a person, the AI, the phone) — or wrote in the last
    // hour before the shop closed: the conversation is live, a notice would interrupt it.
    // Messages written since closing are this period's, and the claim below sends once for them.
    if (recent.some((m) => m.direction === 'out' || m.createdAt < periodStart)) return
    const policy = await this.deps.inbox.replyPolicy(tenantId)
    const sent = await this.deps.db.transaction(async (tx) => {
      if (!(await awayRepository.claim(tx, tenantId, conversationId, state.periodKey!))) return undefined
      return this.deps.inbox.enqueueOutgoing(tenantId, conversationId, settings.message, 'away', { db: tx, policy })
    })
    if (sent) await this.deps.inbox.afterOutgoing(tenantId, sent)
  }
}
