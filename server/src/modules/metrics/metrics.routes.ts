// GET /metrics in Prometheus text format, for ops. Aggregates only: no tenant ids, no contents.
import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { rowsOf } from '../../db/client.js'

export interface MetricsSource {
  /** Extra gauges from the roles running in this process (live sockets, queue depths…). */
  gauges(): Promise<Array<{ name: string; help: string; value: number; labels?: Record<string, string> }>>
}

const line = (name: string, value: number, labels?: Record<string, string>) =>
  `${name}${labels ? `{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/"/g, '')}"`).join(',')}}` : ''} ${value}`

export function metricsRoutes(db: Db, sources: MetricsSource[]) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/metrics', { logLevel: 'warn' }, async (_req, reply) => {
      const out: string[] = []
      const states = rowsOf<{ state: string; n: number }>(await db.execute(sql`select state::text as state, count(*)::int as n from wa_sessions group by state`))
      out.push('# HELP warta_sessions WhatsApp sessions by state (all tenants).', '# TYPE warta_sessions gauge')
      for (const s of ['disconnected', 'connecting', 'qr', 'connected', 'logged_out', 'failed']) {
        out.push(line('warta_sessions', states.find((r) => r.state === s)?.n ?? 0, { state: s }))
      }
      const mem = process.memoryUsage()
      out.push('# HELP warta_process_resident_memory_bytes Resident memory of this process.', '# TYPE warta_process_resident_memory_bytes gauge', line('warta_process_resident_memory_bytes', mem.rss))
      out.push('# HELP warta_process_heap_used_bytes V8 heap in use.', '# TYPE warta_process_heap_used_bytes gauge', line('warta_process_heap_used_bytes', mem.heapUsed))
      const seen = new Set<string>()
      for (const source of sources) {
        for (const g of await source.gauges()) {
          if (!seen.has(g.name)) { out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`); seen.add(g.name) }
          out.push(line(g.name, g.value, g.labels))
        }
      }
      return reply.type('text/plain; version=0.0.4').send(`${out.join('\n')}\n`)
    })
  }
}
