// Which IP addresses a tenant-chosen URL may reach. Only public unicast space is allowed: every
// loopback, private, link-local, shared (CGNAT), multicast, documentation, reserved and
// unspecified range is refused, and IPv6 forms that embed an IPv4 address (mapped, compatible,
// NAT64, 6to4) are judged by the IPv4 address inside. Pure functions over bytes, no DNS.
import { isIP } from 'node:net'

export type AddressVerdict = { allowed: true } | { allowed: false; range: string }

interface Range { bytes: number[]; prefix: number; name: string }

const v4 = (cidr: string, name: string): Range => {
  const [ip, prefix] = cidr.split('/') as [string, string]
  return { bytes: parseIPv4(ip)!, prefix: Number(prefix), name }
}
const v6 = (cidr: string, name: string): Range => {
  const [ip, prefix] = cidr.split('/') as [string, string]
  return { bytes: parseIPv6(ip)!, prefix: Number(prefix), name }
}

const IPV4_FORBIDDEN: Range[] = [
  v4('0.0.0.0/8', 'this network'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'shared address space (CGNAT)'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4 relay anycast'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('255.255.255.255/32', 'broadcast'),
  v4('240.0.0.0/4', 'reserved'),
]

// Public IPv6 unicast lives in 2000::/3; everything outside it is refused outright. These are
// the special ranges inside 2000::/3 (or embedding IPv4) that need their own rule.
const IPV6_FORBIDDEN_IN_GLOBAL: Range[] = [
  v6('2001::/32', 'Teredo'),
  v6('2001:2::/48', 'benchmarking'),
  v6('2001:10::/28', 'ORCHID'),
  v6('2001:20::/28', 'ORCHIDv2'),
  v6('2001:db8::/32', 'documentation'),
  v6('3fff::/20', 'documentation'),
]

export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN))
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined
}

/** 16 bytes, or undefined. Accepts `::` compression, an embedded dotted quad and a zone (%eth0). */
export function parseIPv6(input: string): number[] | undefined {
  let text = input.replace(/^\[|\]$/g, '')
  const zone = text.indexOf('%')
  if (zone >= 0) text = text.slice(0, zone)
  let tail: number[] = []
  const lastColon = text.lastIndexOf(':')
  if (text.slice(lastColon + 1).includes('.')) {
    const quad = parseIPv4(text.slice(lastColon + 1))
    if (!quad) return undefined
    tail = quad
    text = `${text.slice(0, lastColon + 1)}0:0`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (s: string) => (s === '' ? [] : s.split(':'))
  const head = groups(halves[0]!)
  const rest = halves.length === 2 ? groups(halves[1]!) : []
  const missing = 8 - head.length - rest.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest]
  const bytes: number[] = []
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined
    const n = parseInt(g, 16)
    bytes.push(n >> 8, n & 0xff)
  }
  if (tail.length) bytes.splice(12, 4, ...tail)
  return bytes
}

function inRange(bytes: number[], range: Range): boolean {
  let bits = range.prefix
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false
  }
  return true
}

function classifyV4(bytes: number[]): AddressVerdict {
  const hit = IPV4_FORBIDDEN.find((r) => inRange(bytes, r))
  return hit ? { allowed: false, range: hit.name } : { allowed: true }
}

const prefixIs = (bytes: number[], cidr: string) => inRange(bytes, v6(cidr, ''))

function classifyV6(bytes: number[]): AddressVerdict {
  // IPv4 inside IPv6: judged by the IPv4 address, so ::ffff:127.0.0.1 is loopback.
  if (prefixIs(bytes, '::ffff:0:0/96') || prefixIs(bytes, '64:ff9b::/96')) return wrap(classifyV4(bytes.slice(12)))
  if (prefixIs(bytes, '::/96')) {
    if (bytes.slice(12).every((b) => b === 0)) return { allowed: false, range: 'unspecified' }
    if (bytes.slice(12, 15).every((b) => b === 0) && bytes[15] === 1) return { allowed: false, range: 'loopback' }
    return wrap(classifyV4(bytes.slice(12)), 'IPv4-compatible')
  }
  if (prefixIs(bytes, '2002::/16')) return wrap(classifyV4(bytes.slice(2, 6)), '6to4')
  if (prefixIs(bytes, 'fc00::/7')) return { allowed: false, range: 'unique local' }
  if (prefixIs(bytes, 'fe80::/10')) return { allowed: false, range: 'link-local' }
  if (prefixIs(bytes, 'ff00::/8')) return { allowed: false, range: 'multicast' }
  if (!prefixIs(bytes, '2000::/3')) return { allowed: false, range: 'reserved' }
  const hit = IPV6_FORBIDDEN_IN_GLOBAL.find((r) => inRange(bytes, r))
  return hit ? { allowed: false, range: hit.name } : { allowed: true }
}

const wrap = (inner: AddressVerdict, via?: string): AddressVerdict =>
  inner.allowed || !via ? inner : { allowed: false, range: `${inner.range} (${via})` }

/** Whether a tenant-chosen URL may connect to this IP address (v4 or v6 text). */
export function classifyAddress(address: string): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '')
  const family = isIP(bare.split('%')[0]!)
  if (family === 4) return classifyV4(parseIPv4(bare)!)
  if (family === 6) {
    const bytes = parseIPv6(bare)
    if (bytes) return classifyV6(bytes)
  }
  return { allowed: false, range: 'not an IP address' }
}

/** An operator allow-list entry: a host name, an IP address or a CIDR block (v4 or v6). */
export type AllowEntry = { kind: 'host'; host: string } | { kind: 'cidr'; range: Range; v6: boolean }

export function parseAllowEntry(text: string): AllowEntry | undefined {
  const entry = text.trim().toLowerCase()
  if (!entry) return undefined
  const [ip, prefix] = entry.split('/') as [string, string | undefined]
  const bare = ip.replace(/^\[|\]$/g, '')
  const family = isIP(bare)
  if (family === 0) return prefix === undefined && /^[a-z0-9.-]+$/.test(entry) ? { kind: 'host', host: entry.replace(/\.$/, '') } : undefined
  const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix)
  if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) return undefined
  const bytes = family === 4 ? parseIPv4(bare)! : parseIPv6(bare)!
  return { kind: 'cidr', range: { bytes, prefix: bits, name: entry }, v6: family === 6 }
}

/** True when `address` falls in one of the allow-list's IP/CIDR entries (IPv4-mapped IPv6 counts as its IPv4). */
export function addressAllowed(address: string, entries: readonly AllowEntry[]): boolean {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0]!
  const family = isIP(bare)
  if (!family) return false
  let bytes = family === 4 ? parseIPv4(bare)! : parseIPv6(bare)!
  let isV6 = family === 6
  if (isV6 && inRange(bytes, v6('::ffff:0:0/96', ''))) { bytes = bytes.slice(12); isV6 = false }
  return entries.some((e) => e.kind === 'cidr' && e.v6 === isV6 && inRange(bytes, e.range))
}
