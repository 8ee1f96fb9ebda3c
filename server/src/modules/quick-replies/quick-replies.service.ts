// Quick replies: per-tenant saved answers. Everyone in the tenant reads them (agents use them in
// the reply box); owners and admins manage them (the routes enforce the role).
import type { Db } from '../../db/client.js'
import { isUniqueViolation } from '../../db/errors.js'
import { quickRepliesRepository, type QuickReplyRow } from './quick-replies.repository.js'
import type { CreateQuickReply, UpdateQuickReply } from './quick-replies.schemas.js'
import { quickReplyNotFound, shortcutTaken, tooManyQuickReplies } from './quick-replies.errors.js'

/** Enough for any shop's stock answers, small enough that the reply box can hold them all. */
export const MAX_QUICK_REPLIES = 200

export interface QuickReplyDto { id: string; shortcut: string; text: string; createdAt: string; updatedAt: string }

const toDto = (r: QuickReplyRow): QuickReplyDto => ({
  id: r.id, shortcut: r.shortcut, text: r.text, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
})

export class QuickRepliesService {
  constructor(private readonly db: Db) {}

  async list(tenantId: string): Promise<QuickReplyDto[]> {
    return (await quickRepliesRepository.list(this.db, tenantId)).map(toDto)
  }

  async create(tenantId: string, input: CreateQuickReply): Promise<QuickReplyDto> {
    try {
      return await this.db.transaction(async (tx) => {
        // One count per tenant at a time, so two parallel creates cannot both pass the limit.
        await quickRepliesRepository.lockTenant(tx, tenantId)
        if (await quickRepliesRepository.count(tx, tenantId) >= MAX_QUICK_REPLIES) throw tooManyQuickReplies(MAX_QUICK_REPLIES)
        return toDto(await quickRepliesRepository.insert(tx, tenantId, input))
      })
    } catch (err) {
      if (isUniqueViolation(err, 'quick_replies_tenant_shortcut_unique')) throw shortcutTaken(input.shortcut)
      throw err
    }
  }

  async update(tenantId: string, id: string, patch: UpdateQuickReply): Promise<QuickReplyDto> {
    try {
      const row = await quickRepliesRepository.update(this.db, tenantId, id, patch)
      if (!row) throw quickReplyNotFound()
      return toDto(row)
    } catch (err) {
      if (patch.shortcut && isUniqueViolation(err, 'quick_replies_tenant_shortcut_unique')) throw shortcutTaken(patch.shortcut)
      throw err
    }
  }

  async remove(tenantId: string, id: string): Promise<void> {
    if (!(await quickRepliesRepository.remove(this.db, tenantId, id))) throw quickReplyNotFound()
  }
}
