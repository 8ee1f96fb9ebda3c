// This week at a glance — conversations by mode and tag, messages per day (in the tenant's
// timezone), and hot leads still waiting for an answer — plus the onboarding flag. Counts come
// from the inbox; the timezone and the flag from the tenant.
import type { InboxService } from '../inbox/inbox.service.js'
import type { ConversationSummary } from '../inbox/inbox.dto.js'
import type { TenantDto, TenantsService } from '../tenants/tenants.service.js'

export interface OverviewDto {
  range: { from: string; to: string }
  conversationsByMode: Record<string, number>
  conversationsByTag: Record<string, number>
  messagesPerDay: Array<{ date: string; in: number; out: number }>
  hotLeadsWaiting: ConversationSummary[]
}

const MODES = ['faq', 'order', 'complaint', 'other']

export class OverviewService {
  constructor(private readonly deps: { inbox: Pick<InboxService, 'activitySince'>; tenants: Pick<TenantsService, 'get' | 'markOnboarded'> }) {}

  async week(tenantId: string): Promise<OverviewDto> {
    const tenant = await this.deps.tenants.get(tenantId)
    const tz = tenant?.timezone ?? 'Asia/Jakarta'
    const from = new Date(Date.now() - 7 * 86_400_000)
    const { byMode, byTag, perDay, hotLeadsWaiting } = await this.deps.inbox.activitySince(tenantId, from, tz)
    const days = [...Array(7)].map((_, i) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(Date.now() - (6 - i) * 86_400_000)))
    return {
      range: { from: from.toISOString(), to: new Date().toISOString() },
      conversationsByMode: Object.fromEntries(MODES.map((m) => [m, byMode.find((x) => x.mode === m)?.n ?? 0])),
      conversationsByTag: Object.fromEntries(byTag.map((x) => [x.tag, x.n])),
      messagesPerDay: days.map((date) => ({ date, in: perDay.find((p) => p.day === date && p.dir === 'in')?.n ?? 0, out: perDay.find((p) => p.day === date && p.dir === 'out')?.n ?? 0 })),
      hotLeadsWaiting,
    }
  }

  markOnboarded(tenantId: string): Promise<TenantDto> { return this.deps.tenants.markOnboarded(tenantId) }
}
