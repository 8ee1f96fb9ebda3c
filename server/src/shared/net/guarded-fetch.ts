// The one HTTP client for URLs a tenant chooses (the LLM base URL today, webhooks next). It
// resolves the host itself and connects only to the addresses it checked — the check runs inside
// the socket's own DNS lookup, so a name that resolves to a public address for the check and to
// 127.0.0.1 for the connection (DNS rebinding) is still refused. Redirects are followed by hand,
// each hop checked the same way. Private, loopback, link-local and other non-public targets, and
// plain http, are refused unless the operator allows the host (OUTBOUND_ALLOW_HOSTS/_HTTP).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import { addressAllowed, classifyAddress, parseAllowEntry, type AllowEntry } from './ip-address.js'
import { ForbiddenAddressError, UnresolvableHostError, findNetRefusal } from './net.errors.js'

export interface OutboundPolicyConfig {
  /** Host names, IP addresses and CIDR blocks the operator lets tenants reach although they are not public. */
  allowHosts: readonly string[]
  /** Whether plain http is allowed to those allowed hosts (never to anyone else). */
  allowHttp: boolean
}

export interface GuardedHttpOptions {
  /** Connecting (TCP + TLS) gives up after this. */
  connectTimeoutMs?: number
  /** Waiting for response headers, and between body chunks. */
  responseTimeoutMs?: number
  /** A DNS answer must come within this. */
  lookupTimeoutMs?: number
  maxRedirects?: number
  /** Replaces DNS (tests resolve a name to a chosen address). */
  resolve?: (host: string) => Promise<string[]>
}

export interface GuardedHttp {
  /** fetch-compatible: what the openai SDK (and later the webhook sender) is given. */
  fetch: typeof globalThis.fetch
  /** Throws ForbiddenAddressError / UnresolvableHostError when `url` may not be called (save-time validation). */
  checkUrl(url: string): Promise<void>
  close(): Promise<void>
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export function parseAllowList(entries: readonly string[]): AllowEntry[] {
  return entries.map((e) => {
    const parsed = parseAllowEntry(e)
    if (!parsed) throw new Error(`not a host name, IP address or CIDR block: "${e}"`)
    return parsed
  })
}

export function createGuardedHttp(policy: OutboundPolicyConfig, opts: GuardedHttpOptions = {}): GuardedHttp {
  const allow = parseAllowList(policy.allowHosts)
  const allowedHosts = new Set(allow.flatMap((e) => (e.kind === 'host' ? [e.host] : [])))
  const lookupTimeoutMs = opts.lookupTimeoutMs ?? 5_000
  const maxRedirects = opts.maxRedirects ?? 5

  const hostAllowed = (host: string) => allowedHosts.has(host.toLowerCase().replace(/\.$/, ''))

  const resolve = opts.resolve ?? ((host: string) => new Promise<string[]>((ok, fail) => {
    const timer = setTimeout(() => fail(new UnresolvableHostError(host)), lookupTimeoutMs)
    timer.unref()
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
      clearTimeout(timer)
      if (err || !addresses.length) fail(new UnresolvableHostError(host))
      else ok(addresses.map((a) => a.address))
    })
  }))

  /** Every address must be public, or allowed by the operator; one bad address refuses the host. */
  function vet(host: string, addresses: string[]): void {
    if (hostAllowed(host)) return
    for (const address of addresses) {
      if (addressAllowed(address, allow)) continue
      const verdict = classifyAddress(address)
      if (!verdict.allowed) {
        throw new ForbiddenAddressError(`Calls to ${host} are not allowed: it points at a ${verdict.range} address. The server operator can allow it (OUTBOUND_ALLOW_HOSTS).`)
      }
    }
  }

  async function check(url: URL): Promise<void> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ForbiddenAddressError(`Only https URLs can be called (got ${url.protocol}).`)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const literal = isIP(host) !== 0
    const addresses = literal ? [host] : await resolve(host).catch((err: unknown) => {
      throw err instanceof ForbiddenAddressError || err instanceof UnresolvableHostError ? err : new UnresolvableHostError(host)
    })
    vet(host, addresses)
    if (url.protocol === 'http:') {
      const operatorAllowed = hostAllowed(host) || addresses.every((a) => addressAllowed(a, allow))
      if (!operatorAllowed || !policy.allowHttp) {
        throw new ForbiddenAddressError(`Plain http is not allowed for ${host}; use https. The server operator can allow http for its own hosts (OUTBOUND_ALLOW_HTTP).`)
      }
    }
  }

  // Runs inside the socket's connect: the addresses checked are the addresses connected to.
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then((addresses) => {
      vet(hostname, addresses)
      const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => isIP(a) === options.family) : addresses
      if (!wanted.length) throw new UnresolvableHostError(hostname)
      if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, wanted.map((address) => ({ address, family: isIP(address) })))
      else callback(null, wanted[0]!, isIP(wanted[0]!))
    }).catch((err: Error) => callback(err as NodeJS.ErrnoException, '', 0))
  }

  const agent = new Agent({
    connect: { lookup: guardedLookup, timeout: opts.connectTimeoutMs ?? 5_000 },
    headersTimeout: opts.responseTimeoutMs ?? 30_000,
    bodyTimeout: opts.responseTimeoutMs ?? 30_000,
  })

  async function guardedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    let method = (init.method ?? 'GET').toUpperCase()
    let body = init.body
    const headers = new Headers(init.headers)
    // Node's own FormData (what the openai SDK builds for an audio upload) is not the `undici`
    // package's class, whose fetch would send it as the text "[object FormData]": encode it here,
    // boundary and all. Bounded by what callers upload (a voice note under the media cap).
    if (body instanceof globalThis.FormData) {
      const encoded = new Response(body)
      headers.set('content-type', encoded.headers.get('content-type')!)
      body = new Uint8Array(await encoded.arrayBuffer())
    }
    for (let hop = 0; ; hop++) {
      await check(url)
      let res: Response
      try {
        res = await undiciFetch(url, { ...(init as object), method, headers, body, redirect: 'manual', dispatcher: agent } as never) as unknown as Response
      } catch (err) {
        throw findNetRefusal(err) ?? err
      }
      const location = res.headers.get('location')
      if (!REDIRECTS.has(res.status) || !location) return res
      await res.body?.cancel().catch(() => {})
      if (hop >= maxRedirects) throw new ForbiddenAddressError(`Too many redirects (more than ${maxRedirects}).`)
      const next = new URL(location, url)
      // A tenant's key must not follow a redirect to another origin.
      if (next.origin !== url.origin) { headers.delete('authorization'); headers.delete('cookie') }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET'
        body = undefined
        headers.delete('content-type')
        headers.delete('content-length')
      } else if (body instanceof ReadableStream) {
        throw new ForbiddenAddressError('A redirect asked to send a streamed body again.')
      }
      url = next
    }
  }

  return {
    fetch: guardedFetch as typeof globalThis.fetch,
    checkUrl: async (url) => {
      let parsed: URL
      try { parsed = new URL(url) } catch { throw new ForbiddenAddressError('Not a valid URL.') }
      await check(parsed)
    },
    close: () => agent.close(),
  }
}
