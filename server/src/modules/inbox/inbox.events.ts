// What the inbox tells the modules above it (follow-ups, waiting alerts) without knowing them: a
// small typed in-process event hub. The composition root subscribes the listeners. Events raised
// inside a storing transaction hand the listener that transaction; a listener may return work to
// run once it committed (announcing what it changed), which the inbox runs in order.
import type { DbOrTx } from '../../db/client.js'
import type { Actor } from '../../shared/actor.js'

/** Work a listener wants done after the inbox's transaction committed. */
export type AfterCommit = () => Promise<void>

export interface InboxEventMap {
  /**
   * Inside the transaction: the customer wrote again or a person took the chat over, so planned
   * nudges are moot. With `plannedBefore`, only those planned before it (a message written
   * later than the nudge was planned leaves the nudge alone).
   */
  'chat.moots_follow_ups': { tx: DbOrTx; tenantId: string; conversationId: string; reason: string; plannedBefore?: Date }
  /**
   * After the commit: the shop answered (a person, from the dashboard, the API or the phone); the
   * customer's silence starts now.
   */
  'shop.answered': { tenantId: string; conversationId: string }
  /** After the commit: a customer started waiting for an answer. */
  'customer.waiting': { tenantId: string; conversationId: string; since: Date }
  /**
   * Inside the transaction: the team's handling of a chat changed (assignee, status, snooze,
   * take-over), by a person, a key or the system. The audit log writes its entries here, so a
   * change is never done but unaudited.
   */
  'chat.changed': { tx: DbOrTx; tenantId: string; conversationId: string; by: Actor; changes: ChatChange[] }
  /** Inside the transaction: the team's inbox settings changed (the audit log writes its entry here too). */
  'team_settings.changed': { tx: DbOrTx; tenantId: string; by: Actor; fields: string[] }
}

/** One thing changed about a chat: an audit action and its details (ids and states, never text). */
export interface ChatChange { action: string; details?: Record<string, string | number | boolean | null> }

type Listener<K extends keyof InboxEventMap> = (event: InboxEventMap[K]) => Promise<AfterCommit | void | unknown>

export class InboxEvents {
  private readonly listeners: { [K in keyof InboxEventMap]?: Array<Listener<K>> } = {}

  on<K extends keyof InboxEventMap>(name: K, listener: Listener<K>): void {
    const list = (this.listeners[name] ??= []) as Array<Listener<K>>
    list.push(listener)
  }

  /** Calls every listener in order; returns what they want done after the commit. */
  async emit<K extends keyof InboxEventMap>(name: K, event: InboxEventMap[K]): Promise<AfterCommit[]> {
    const after: AfterCommit[] = []
    for (const listener of (this.listeners[name] ?? []) as Array<Listener<K>>) {
      const result = await listener(event)
      if (typeof result === 'function') after.push(result as AfterCommit)
    }
    return after
  }
}

export async function runAfterCommit(work: AfterCommit[]): Promise<void> {
  for (const w of work) await w()
}
