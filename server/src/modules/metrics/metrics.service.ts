// The Prometheus text /metrics answers with: WhatsApp sessions by state (all tenants), this
// process's memory, and gauges the roles running here add (live sockets, queue depths…).
import type { Db } from '../../db/client.js'
import { metricsRepository } from './metrics.repository.js'

export interface Gauge { name: string; help: string; value: number; labels?: Record<string, string> }

export interface MetricsSource {
  /** Extra gauges from the roles running in this process (live sockets, queue depths…). */
  gauges(): Promise<Gauge[]>
}

const line = (name: string, value: number, labels?: Record<string, string>) =>
  `${name}${labels ? `{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/"/g, '')}"`).join(',')}}` : ''} ${value}`

export class MetricsService {
  private readonly sources: MetricsSource[] = []

  constructor(private readonly db: Db) {}

  /** Adds gauges of a role running in this process. */
  add(source: MetricsSource): void { this.sources.push(source) }

  async render(): Promise<string> {
    const out: string[] = []
    const states = await metricsRepository.sessionsByState(this.db)
    out.push('# HELP warta_sessions WhatsApp sessions (one per linked number, removed numbers left out) by state (all tenants).', '# TYPE warta_sessions gauge')
    for (const s of ['disconnected', 'connecting', 'qr', 'connected', 'logged_out', 'failed']) {
      out.push(line('warta_sessions', states.find((r) => r.state === s)?.n ?? 0, { state: s }))
    }
    const mem = process.memoryUsage()
    out.push('# HELP warta_process_resident_memory_bytes Resident memory of this process.', '# TYPE warta_process_resident_memory_bytes gauge', line('warta_process_resident_memory_bytes', mem.rss))
    out.push('# HELP warta_process_heap_used_bytes V8 heap in use.', '# TYPE warta_process_heap_used_bytes gauge', line('warta_process_heap_used_bytes', mem.heapUsed))
    const seen = new Set<string>()
    for (const source of this.sources) {
      for (const g of await source.gauges()) {
        if (!seen.has(g.name)) { out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`); seen.add(g.name) }
        out.push(line(g.name, g.value, g.labels))
      }
    }
    return `${out.join('\n')}\n`
  }
}
