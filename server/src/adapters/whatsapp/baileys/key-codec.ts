// How Baileys values become bytes in wa_keys / text in wa_creds and back. Buffers round-trip
// through BufferJSON; app-state sync keys must be rebuilt with `fromObject` (with `create` the
// key bytes stay a base64 string and every app-state patch fails its MAC — Evolution API's bug).
import { BufferJSON, proto, type AuthenticationCreds, type SignalDataTypeMap } from '@whiskeysockets/baileys'

export class CorruptDeviceRowError extends Error {
  constructor(what: string, cause: unknown) {
    super(`device store row ${what} is unreadable: ${(cause as Error)?.message ?? cause}. Refusing to continue rather than silently starting a new identity.`)
    this.name = 'CorruptDeviceRowError'
  }
}

export const encodeKey = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, BufferJSON.replacer), 'utf8')

export function decodeKey<T extends keyof SignalDataTypeMap>(type: T, id: string, bytes: Buffer): SignalDataTypeMap[T] {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'), BufferJSON.reviver)
  } catch (err) {
    throw new CorruptDeviceRowError(`${type}/${id}`, err)
  }
  if (value === null || value === undefined) throw new CorruptDeviceRowError(`${type}/${id}`, 'empty value')
  if (type === 'app-state-sync-key') {
    return proto.Message.AppStateSyncKeyData.fromObject(value as object) as unknown as SignalDataTypeMap[T]
  }
  return value as SignalDataTypeMap[T]
}

export const encodeCreds = (creds: AuthenticationCreds): string => JSON.stringify(creds, BufferJSON.replacer)

export function decodeCreds(tenantId: string, text: string): AuthenticationCreds {
  try {
    const creds = JSON.parse(text, BufferJSON.reviver) as AuthenticationCreds
    if (!creds?.noiseKey?.private || !creds.signedIdentityKey?.private) throw new Error('missing identity keys')
    return creds
  } catch (err) {
    throw new CorruptDeviceRowError(`creds of tenant ${tenantId}`, err)
  }
}
