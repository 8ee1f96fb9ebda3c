// The only door to the server. Every page, store and composable calls useApi(); nothing else
// uses fetch. The client itself lives in utils/api-client.ts (tested without Nuxt).
import type { ApiClient } from '../utils/api-client'

let client: ApiClient | null = null

/** Called once by plugins/api.ts. */
export function setApiClient(c: ApiClient): void {
  client = c
}

export function useApi(): ApiClient {
  if (!client) throw new Error('useApi() called before plugins/api.ts ran')
  return client
}
