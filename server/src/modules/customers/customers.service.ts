// The customers: every contact of the shop, searched and filtered on the server, their card (chat,
// what the AI made of their messages, the follow-ups planned), the shop's own name and notes for
// them, and the CSV export and import. It only composes what the inbox (contacts), insights,
// follow-ups and labels own, so it sits above all of them and none needs to know the others.
import type { InboxService } from '../inbox/inbox.service.js'
import type { ContactDirectory, DirectoryFilter, DirectoryRow } from '../inbox/inbox.directory.js'
import type { ContactDto, InsightDto } from '../inbox/inbox.dto.js'
import type { InsightsService } from '../insights/insights.service.js'
import type { FollowUpDto, FollowUpService } from '../followups/followups.service.js'
import type { LabelsService } from '../labels/labels.service.js'
import { decodeCursor, encodeCursor } from '../../shared/keyset-cursor.js'
import { badRequest, isAppError } from '../../shared/errors.js'
import { csvLine, EXPORT_HEADER, parseCustomerCsv, UTF8_BOM } from './customers.csv.js'
import type { Customer, CustomerImportResult } from './customers.schemas.js'

export interface CustomerCard {
  contact: ContactDto
  notes: string | null
  conversationId: string | null
  insights: InsightDto[]
  followUps: FollowUpDto[]
}

export type CustomerFilter = Omit<DirectoryFilter, 'cursor' | 'limit' | 'labelId'> & { label?: string | undefined }

export interface CustomersDeps {
  inbox: Pick<InboxService, 'contact'>
  directory: Pick<ContactDirectory, 'list' | 'one' | 'update' | 'byPhones' | 'add'>
  insights: Pick<InsightsService, 'forConversation'>
  followUps: Pick<FollowUpService, 'list'>
  labels: Pick<LabelsService, 'list' | 'setForConversation'>
}

/** Rows read per query while exporting: the file streams out page by page, never held whole. */
const EXPORT_PAGE = 500

const toCustomer = (r: DirectoryRow): Customer => ({
  id: r.contact.id, name: r.contact.name, phone: r.contact.phone ? `+${r.contact.phone}` : null, notes: r.contact.notes,
  conversationId: r.conversationId, lastContactAt: r.lastMessageAt?.toISOString() ?? null, waiting: r.waitingSince !== null,
  tags: r.tags, labelIds: r.labelIds,
})

export class CustomersService {
  constructor(private readonly deps: CustomersDeps) {}

  async card(tenantId: string, contactId: string): Promise<CustomerCard> {
    const { contact, conversationId, notes } = await this.deps.inbox.contact(tenantId, contactId)
    if (!conversationId) return { contact, notes, conversationId, insights: [], followUps: [] }
    const insights = await this.deps.insights.forConversation(tenantId, conversationId, 100)
    const followUps = (await this.deps.followUps.list(tenantId, { conversationId, limit: 50 })).items
    return { contact, notes, conversationId, insights, followUps }
  }

  private filterOf(f: CustomerFilter): Omit<DirectoryFilter, 'limit'> {
    const { label, ...rest } = f
    return { ...rest, labelId: label }
  }

  async list(tenantId: string, f: CustomerFilter & { cursor?: string | undefined; limit: number }): Promise<{ items: Customer[]; nextCursor: string | null }> {
    const rows = await this.deps.directory.list(tenantId, { ...this.filterOf(f), cursor: decodeCursor(f.cursor), limit: f.limit + 1 })
    const page = rows.slice(0, f.limit)
    const last = page.at(-1)
    return { items: page.map(toCustomer), nextCursor: rows.length > f.limit && last ? encodeCursor(last.sortAt, last.contact.id) : null }
  }

  /** The shop's name and notes for a customer (blank clears; a name given outlives WhatsApp's). */
  async update(tenantId: string, id: string, patch: { name?: string | null | undefined; notes?: string | null | undefined }): Promise<Customer> {
    const blankToNull = (s: string | null | undefined) => (s === undefined ? undefined : s?.trim() ? s.trim() : null)
    const name = blankToNull(patch.name)
    const notes = blankToNull(patch.notes)
    await this.deps.directory.update(tenantId, id, { ...(name !== undefined ? { name } : {}), ...(notes !== undefined ? { notes } : {}) })
    return toCustomer(await this.deps.directory.one(tenantId, id))
  }

  /**
   * A CSV file of customers: every line checked (see customers.csv.ts) and matched by number to
   * the shop's contacts. A dry run only reports; otherwise each good line is saved on its own, so
   * a line that fails to save is reported and the rest still go in. Existing customers are
   * updated — name and notes when the file gives them, labels added — never duplicated.
   */
  async importCsv(tenantId: string, bytes: Uint8Array, dryRun: boolean): Promise<CustomerImportResult> {
    const parsed = parseCustomerCsv(bytes)
    if (!parsed.rows.length && !parsed.errors.length) throw badRequest('customers.empty_csv', 'The file has no customers.')
    const existing = new Map<string, { contactId: string; conversationId: string | null; labelIds: string[] }>()
    const phones = parsed.rows.map((r) => r.phone)
    for (let i = 0; i < phones.length; i += 1000) {
      for (const e of await this.deps.directory.byPhones(tenantId, phones.slice(i, i + 1000))) {
        existing.set(e.contact.phone!, { contactId: e.contact.id, conversationId: e.conversationId, labelIds: e.labelIds })
      }
    }
    const labelsByName = new Map((await this.deps.labels.list(tenantId)).map((l) => [l.name.toLowerCase(), l.id]))
    const warnings: CustomerImportResult['warnings'] = []
    const errors = [...parsed.errors]
    const plan = parsed.rows.map((r) => {
      const found = existing.get(r.phone)
      const labelIds: string[] = []
      for (const name of r.labels) {
        const id = labelsByName.get(name.toLowerCase())
        if (id) labelIds.push(id)
        else warnings.push({ line: r.line, code: 'customers.import_unknown_label', message: `Label "${name}" does not exist; make it under Label first. The rest of the line is imported.` })
      }
      if (labelIds.length && !found?.conversationId) {
        warnings.push({ line: r.line, code: 'customers.import_label_without_chat', message: 'Labels sit on a chat, and this customer has none yet: the labels are skipped.' })
      }
      return { row: r, found, labelIds }
    })
    let created = 0
    let updated = 0
    if (!dryRun) {
      for (const { row, found, labelIds } of plan) {
        try {
          if (!found) {
            await this.deps.directory.add(tenantId, { phone: row.phone, name: row.name, notes: row.notes })
            created++
            continue
          }
          if (row.name !== null || row.notes !== null) {
            await this.deps.directory.update(tenantId, found.contactId, { ...(row.name !== null ? { name: row.name } : {}), ...(row.notes !== null ? { notes: row.notes } : {}) })
          }
          const missing = labelIds.filter((id) => !found.labelIds.includes(id))
          if (found.conversationId && missing.length) await this.deps.labels.setForConversation(tenantId, found.conversationId, [...found.labelIds, ...missing])
          updated++
        } catch (err) {
          errors.push({ line: row.line, code: isAppError(err) ? err.code : 'customers.import_line_failed', message: isAppError(err) ? err.message : 'This line could not be saved; the others were.' })
        }
      }
    }
    return {
      encoding: parsed.encoding,
      rows: plan.map(({ row, found }) => ({ line: row.line, phone: `+${row.phone}`, name: row.name, notes: row.notes, labels: row.labels, action: found ? 'update' as const : 'create' as const })),
      errors: errors.sort((a, b) => a.line - b.line), warnings, saved: !dryRun, created, updated,
    }
  }

  /** The CSV of every customer the filter matches, page by page (UTF-8 with a BOM, for Excel). */
  async *exportCsv(tenantId: string, f: CustomerFilter, labelName: (id: string) => string | undefined): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(EXPORT_HEADER)
    let cursor: DirectoryFilter['cursor']
    for (;;) {
      const rows = await this.deps.directory.list(tenantId, { ...this.filterOf(f), cursor, limit: EXPORT_PAGE })
      let chunk = ''
      for (const r of rows) {
        const c = toCustomer(r)
        chunk += csvLine([c.name, c.phone, c.notes, c.labelIds.map(labelName).filter(Boolean).join('|'), c.tags.join('|'), c.lastContactAt, c.waiting ? 'ya' : 'tidak'])
      }
      if (chunk) yield chunk
      const last = rows.at(-1)
      if (rows.length < EXPORT_PAGE || !last) return
      cursor = { at: last.sortAt, id: last.contact.id }
    }
  }
}
