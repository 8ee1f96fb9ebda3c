// Baileys keeps several per-socket caches (retry counters, device lists). Unbounded and per
// socket they grow with every contact (Baileys #1370); here each is one bounded LRU per process,
// shared by every tenant and namespaced by tenant id.
import type { CacheStore } from '@whiskeysockets/baileys'
import { LruCache } from '../../../shared/lru.js'

export class TenantCacheStore implements CacheStore {
  constructor(private readonly lru: LruCache<unknown>, private readonly namespace: string) {}
  get<T>(key: string): T | undefined { return this.lru.get(`${this.namespace}|${key}`) as T | undefined }
  set<T>(key: string, value: T): void { this.lru.set(`${this.namespace}|${key}`, value) }
  del(key: string): void { this.lru.delete(`${this.namespace}|${key}`) }
  flushAll(): void { this.lru.deletePrefix(`${this.namespace}|`) }
}

export class SharedCaches {
  readonly keys: LruCache<unknown>
  private readonly retryCounters = new LruCache<unknown>(20_000)
  private readonly userDevices = new LruCache<unknown>(20_000)

  constructor(keyCacheMaxEntries: number) {
    this.keys = new LruCache(keyCacheMaxEntries)
  }

  forDevice(deviceId: string): { msgRetryCounterCache: CacheStore; userDevicesCache: CacheStore } {
    return {
      msgRetryCounterCache: new TenantCacheStore(this.retryCounters, deviceId),
      userDevicesCache: new TenantCacheStore(this.userDevices, deviceId),
    }
  }
}
