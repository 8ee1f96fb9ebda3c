// Stock Baileys for the simulator's own tests and tools: an in-memory auth state (exportable, so
// load tests can save paired sessions) and a socket factory pointed at the simulator.
import makeWASocket, { BufferJSON, initAuthCreds, type AuthenticationCreds, type SignalDataTypeMap, type WASocket } from '@whiskeysockets/baileys'
import pino from 'pino'

/** Creds plus the Signal key store, as saved in a load fixture (BufferJSON on disk). */
export interface SavedAuth { creds: AuthenticationCreds; keys: Record<string, Record<string, unknown>> }

export interface MemoryAuth {
  creds: AuthenticationCreds
  keys: Record<string, Record<string, unknown>>
  state: { creds: AuthenticationCreds; keys: { get: (type: keyof SignalDataTypeMap, ids: string[]) => Promise<Record<string, any>>; set: (data: Record<string, Record<string, unknown> | undefined>) => Promise<void> } }
  serialize(): string
}

export function memoryAuth(saved?: SavedAuth): MemoryAuth {
  const creds = saved?.creds ?? initAuthCreds()
  const keys: Record<string, Record<string, unknown>> = saved?.keys ?? {}
  return {
    creds, keys,
    state: {
      creds,
      keys: {
        get: async (type, ids) => Object.fromEntries(ids.filter((id) => keys[type]?.[id] !== undefined).map((id) => [id, keys[type]![id]])),
        set: async (data) => {
          for (const [type, entries] of Object.entries(data)) {
            keys[type] ??= {}
            for (const [id, v] of Object.entries(entries ?? {})) {
              if (v === null || v === undefined) delete keys[type]![id]
              else keys[type]![id] = v
            }
          }
        },
      },
    },
    serialize: () => JSON.stringify({ creds, keys }, BufferJSON.replacer),
  }
}

const silent = pino({ level: 'silent' })

export function simSocket(url: string, auth: MemoryAuth, extra: Partial<Parameters<typeof makeWASocket>[0]> = {}): WASocket {
  const sock = makeWASocket({
    waWebSocketUrl: url, auth: auth.state as never, logger: silent as never,
    markOnlineOnConnect: false, syncFullHistory: false, shouldSyncHistoryMessage: () => false,
    ...extra,
  })
  sock.ev.on('creds.update', (u) => Object.assign(auth.creds, u))
  return sock
}
