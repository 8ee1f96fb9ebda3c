// A customer's card: who they are, their chat, what the AI made of their messages and the
// follow-ups planned for them. It only composes what the inbox, insights and follow-ups own, so it
// sits above all three and none of them needs to know the others for it.
import type { InboxService } from '../inbox/inbox.service.js'
import type { ContactDto, InsightDto } from '../inbox/inbox.dto.js'
import type { InsightsService } from '../insights/insights.service.js'
import type { FollowUpDto, FollowUpService } from '../followups/followups.service.js'

export interface CustomerCard {
  contact: ContactDto
  conversationId: string | null
  insights: InsightDto[]
  followUps: FollowUpDto[]
}

export interface CustomersDeps {
  inbox: Pick<InboxService, 'contact'>
  insights: Pick<InsightsService, 'forConversation'>
  followUps: Pick<FollowUpService, 'list'>
}

export class CustomersService {
  constructor(private readonly deps: CustomersDeps) {}

  async card(tenantId: string, contactId: string): Promise<CustomerCard> {
    const { contact, conversationId } = await this.deps.inbox.contact(tenantId, contactId)
    if (!conversationId) return { contact, conversationId, insights: [], followUps: [] }
    const insights = await this.deps.insights.forConversation(tenantId, conversationId, 100)
    const followUps = (await this.deps.followUps.list(tenantId, { conversationId, limit: 50 })).items
    return { contact, conversationId, insights, followUps }
  }
}
