// Who made a change, as the audit log records it: a person (their user id), an integrator's API
// key (its id), or Warta itself (round-robin, a snooze ending) — the last has no id.
export type Actor = { type: 'user'; userId: string } | { type: 'api_key'; keyId: string } | { type: 'system' }

/** The actor behind an authenticated request (an API key acts for the tenant, not for a person). */
export const actorOf = (auth: { userId: string; apiKey?: { id: string } | undefined }): Actor =>
  auth.apiKey ? { type: 'api_key', keyId: auth.apiKey.id } : { type: 'user', userId: auth.userId }

export const SYSTEM: Actor = { type: 'system' }
