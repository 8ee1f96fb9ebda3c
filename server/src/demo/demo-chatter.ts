// Simulated customers for demo mode: every connected shop gets a new customer writing at a
// gentle pace, and customers answer the shop's replies with the next line of their script.
import type { Logger } from 'pino'
import type { WaSim, OutgoingMessage, SimCustomer } from '../../sim/index.js'
import { sendCustomerMedia, type CustomerMedia, type SentLog } from './demo-customer-media.js'
import { DEMO_CUSTOMERS, type DemoCustomerScript } from './demo-script.js'

export interface ChatterDeps {
  sim: WaSim
  logger: Logger
  /** Phone numbers of the shops whose sessions are connected now. */
  connectedShops(): Promise<string[]>
  firstDelayMs?: number
  intervalMs?: number
  answerDelayMs?: [number, number]
  /** false: customers only answer the shop and "write as a customer"; none starts a chat alone. */
  startChats?: boolean
}

export class DemoChatter {
  /** shop phone → customer phone → index of the next line to say. */
  private readonly progress = new Map<string, Map<string, number>>()
  private timer: NodeJS.Timeout | undefined
  /** customer phone → what the visitor sent as them (replies, reactions, edits and deletes name one). */
  private readonly sentLogs = new Map<string, SentLog>()
  private readonly onOutgoing = (m: OutgoingMessage) => void this.answer(m)

  constructor(private readonly deps: ChatterDeps) {}

  start(): void {
    this.deps.sim.on('outgoing', this.onOutgoing)
    if (this.deps.startChats === false) return
    const tick = async () => {
      try {
        for (const shop of await this.deps.connectedShops()) await this.startNextConversation(shop)
      } catch (err) { this.deps.logger.warn({ err }, 'demo chatter tick failed') }
      this.timer = setTimeout(() => void tick(), this.deps.intervalMs ?? 35_000)
      this.timer.unref()
    }
    this.timer = setTimeout(() => void tick(), this.deps.firstDelayMs ?? 6_000)
    this.timer.unref()
  }

  stop(): void {
    clearTimeout(this.timer)
    this.deps.sim.off('outgoing', this.onOutgoing)
  }

  /** Lets the visitor type as a customer (the banner's "write as a customer" box). */
  async writeAs(shopPn: string, text: string, customerName = 'Pengunjung Demo', phone?: string): Promise<void> {
    const customer = this.customerFor(customerName, phone)
    const id = await customer.sendText(shopPn, text)
    const log = this.sentBy(customer.pn)
    log.push({ id, text })
    if (log.length > 50) log.shift()
  }

  /** The same box with a photo, voice note, location… or a reply/reaction/edit/delete (demo-customer-media.ts). */
  async sendAs(shopPn: string, body: CustomerMedia): Promise<void> {
    const customer = this.customerFor(body.customerName ?? 'Pengunjung Demo', body.phone)
    await sendCustomerMedia(customer, shopPn, body, this.sentBy(customer.pn))
  }

  // One simulated number per name, so the visitor can start several chats by changing the name.
  private customerFor(customerName: string, phone?: string): SimCustomer {
    let hash = 0
    for (const ch of customerName.trim().toLowerCase()) hash = (hash * 31 + ch.charCodeAt(0)) % 100_000
    const pn = phone ?? `62819990${String(hash).padStart(5, '0')}`
    return this.deps.sim.customer(pn) ?? this.deps.sim.createCustomer({ pn, name: customerName })
  }

  private sentBy(customerPn: string): SentLog {
    let log = this.sentLogs.get(customerPn)
    if (!log) { log = []; this.sentLogs.set(customerPn, log) }
    return log
  }

  private linesFor(shop: string): Map<string, number> {
    let m = this.progress.get(shop)
    if (!m) { m = new Map(); this.progress.set(shop, m) }
    return m
  }

  private async say(shop: string, script: DemoCustomerScript, index: number): Promise<void> {
    const line = script.lines[index]
    if (!line || !this.deps.sim.phone(shop)) return
    const customer = this.deps.sim.customer(script.phone) ?? this.deps.sim.createCustomer({ pn: script.phone, name: script.name })
    this.linesFor(shop).set(script.phone, index + 1)
    await customer.sendText(shop, line)
  }

  private async startNextConversation(shop: string): Promise<void> {
    const started = this.linesFor(shop)
    const next = DEMO_CUSTOMERS.find((c) => !started.has(c.phone))
    if (next) await this.say(shop, next, 0)
  }

  /** A customer who got a reply answers with their next line after a short, human pause. */
  private async answer(m: OutgoingMessage): Promise<void> {
    const shop = m.from.split('@')[0]!.split(':')[0]!
    const customerPn = m.to.split('@')[0]!.split(':')[0]!
    const script = DEMO_CUSTOMERS.find((c) => c.phone === customerPn)
    const index = this.progress.get(shop)?.get(customerPn)
    if (!script || index === undefined || index >= script.lines.length) return
    this.linesFor(shop).set(customerPn, index + 1) // claim it now so two replies don't both answer
    const [min, max] = this.deps.answerDelayMs ?? [4000, 9000]
    setTimeout(() => void this.say(shop, script, index).catch(() => {}), min + Math.random() * (max - min)).unref()
  }
}
