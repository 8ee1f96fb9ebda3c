// The shop's own labels: definitions (owners and admins manage them), and which conversations
// carry them (agents and up set them from the chat or the list). Any change to the definitions is
// announced as `labels.changed` so every open dashboard redraws its chips and filters.
import type { Db, DbOrTx } from '../../db/client.js'
import { isUniqueViolation } from '../../db/errors.js'
import type { EventPublisher } from '../realtime/realtime.bus.js'
import type { InboxService } from '../inbox/inbox.service.js'
import type { ConversationSummary } from '../inbox/inbox.dto.js'
import { labelsRepository, type LabelRow } from './labels.repository.js'
import type { CreateLabel, UpdateLabel } from './labels.schemas.js'
import { labelNameTaken, labelNotFound, tooManyLabels, unknownLabels } from './labels.errors.js'

/** More would no longer fit the inbox's filter row on a phone. */
export const MAX_LABELS = 50

export interface LabelDto { id: string; name: string; colour: string; createdAt: string }

const toDto = (r: LabelRow): LabelDto => ({ id: r.id, name: r.name, colour: r.colour, createdAt: r.createdAt.toISOString() })

export interface LabelsDeps {
  db: Db
  bus: EventPublisher
  inbox: Pick<InboxService, 'writeLabels' | 'announceConversation'>
}

export class LabelsService {
  constructor(private readonly deps: LabelsDeps) {}

  async list(tenantId: string): Promise<LabelDto[]> {
    return (await labelsRepository.list(this.deps.db, tenantId)).map(toDto)
  }

  async create(tenantId: string, input: CreateLabel): Promise<LabelDto> {
    const row = await this.uniqueName(input.name, () => this.deps.db.transaction(async (tx) => {
      await labelsRepository.lockTenant(tx, tenantId)
      if (await labelsRepository.count(tx, tenantId) >= MAX_LABELS) throw tooManyLabels(MAX_LABELS)
      return labelsRepository.insert(tx, tenantId, input)
    }))
    await this.announce(tenantId)
    return toDto(row)
  }

  async update(tenantId: string, id: string, patch: UpdateLabel): Promise<LabelDto> {
    const row = await this.uniqueName(patch.name, () => labelsRepository.update(this.deps.db, tenantId, id, patch))
    if (!row) throw labelNotFound()
    await this.announce(tenantId)
    return toDto(row)
  }

  /** Deletes the label; the database takes it off every conversation (ON DELETE CASCADE). */
  async remove(tenantId: string, id: string): Promise<void> {
    if (!(await labelsRepository.remove(this.deps.db, tenantId, id))) throw labelNotFound()
    await this.announce(tenantId)
  }

  /** Replaces the labels of one conversation; unknown (or another tenant's) label ids are a 400. */
  async setForConversation(tenantId: string, conversationId: string, labelIds: string[]): Promise<ConversationSummary> {
    const wanted = [...new Set(labelIds)]
    const summary = await this.deps.db.transaction(async (tx: DbOrTx) => {
      const found = await labelsRepository.lockExisting(tx, tenantId, wanted)
      const missing = wanted.filter((id) => !found.has(id))
      if (missing.length) throw unknownLabels(missing)
      return this.deps.inbox.writeLabels(tx, tenantId, conversationId, wanted)
    })
    await this.deps.inbox.announceConversation(tenantId, summary)
    return summary
  }

  private async uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write()
    } catch (err) {
      if (name && isUniqueViolation(err, 'labels_tenant_name_unique')) throw labelNameTaken(name)
      throw err
    }
  }

  private async announce(tenantId: string): Promise<void> {
    await this.deps.bus.publish(tenantId, 'labels.changed', { items: await this.list(tenantId) })
  }
}
