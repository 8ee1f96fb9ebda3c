// Realtime: one WebSocket to /api/v1/events for the whole app. Pages and stores subscribe to
// event types; after a reconnect every "resync" listener re-fetches what is on screen (catch-up),
// because events sent while the socket was down are not replayed.
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { EventMap, EventType, ServerEvent } from '../types/api'
import { ReconnectingSocket, type SocketLike, type SocketStatus } from '../utils/reconnecting-socket'

type Handler<T extends EventType> = (data: EventMap[T], event: ServerEvent<T>) => void

export const useEventsStore = defineStore('events', () => {
  const status = ref<SocketStatus>('idle')
  const everOpened = ref(false)
  const listeners = new Map<string, Set<Handler<never>>>()
  const resyncListeners = new Set<() => void>()
  let socket: ReconnectingSocket | null = null

  /** The small "reconnecting" bar: the link was up (or the first try failed) and is down now. */
  const reconnecting = computed(() => status.value === 'down')

  function dispatch(event: ServerEvent): void {
    for (const fn of listeners.get(event.type) ?? []) {
      try {
        (fn as Handler<EventType>)(event.data, event)
      } catch (e) {
        console.error('[events] handler failed', event.type, e)
      }
    }
  }

  function start(deps: { getToken: () => string | null; renewToken: () => Promise<string | null>; createSocket?: (url: string) => SocketLike; url?: () => string }): void {
    if (socket) return
    socket = new ReconnectingSocket({
      url: deps.url ?? (() => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events`),
      createSocket: deps.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      getToken: deps.getToken,
      renewToken: deps.renewToken,
      onEvent: dispatch,
      onStatus: (s) => { status.value = s },
      onReady: (reconnected) => {
        everOpened.value = true
        if (reconnected) for (const fn of resyncListeners) fn()
      },
    })
    socket.start()
  }

  function stop(): void {
    socket?.stop()
    socket = null
    status.value = 'idle'
    everOpened.value = false
  }

  function reauth(token: string): void {
    socket?.reauth(token)
  }

  /** Subscribe to one event type; returns the unsubscribe function. */
  function on<T extends EventType>(type: T, fn: Handler<T>): () => void {
    let set = listeners.get(type)
    if (!set) listeners.set(type, (set = new Set()))
    set.add(fn as Handler<never>)
    return () => set!.delete(fn as Handler<never>)
  }

  /** Called after each reconnect, to re-fetch what may have been missed. */
  function onResync(fn: () => void): () => void {
    resyncListeners.add(fn)
    return () => resyncListeners.delete(fn)
  }

  return { status, everOpened, reconnecting, start, stop, reauth, on, onResync, dispatch }
})

/** In a component: subscribe for as long as the component lives. */
export function useEvent<T extends EventType>(type: T, fn: Handler<T>): void {
  const off = useEventsStore().on(type, fn)
  onScopeDispose(off)
}

/** In a component: re-fetch after the realtime link comes back. */
export function useResync(fn: () => void): void {
  const off = useEventsStore().onResync(fn)
  onScopeDispose(off)
}
