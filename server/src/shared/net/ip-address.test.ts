import { describe, expect, it } from 'vitest'
import { addressAllowed, classifyAddress, parseAllowEntry, parseIPv6, type AllowEntry } from './ip-address.js'

const refused = [
  // IPv4
  ['0.0.0.0', 'this network'], ['0.1.2.3', 'this network'], ['10.0.0.1', 'private'], ['10.255.255.255', 'private'],
  ['100.64.0.1', 'shared address space (CGNAT)'], ['100.127.255.254', 'shared address space (CGNAT)'],
  ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'], ['169.254.169.254', 'link-local'],
  ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.10', 'private'], ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation'], ['198.18.0.1', 'benchmarking'], ['198.51.100.7', 'documentation'], ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['240.0.0.1', 'reserved'], ['255.255.255.255', 'broadcast'],
  // IPv6
  ['::', 'unspecified'], ['::1', 'loopback'], ['fc00::1', 'unique local'], ['fd12:3456::1', 'unique local'],
  ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'], ['ff02::1', 'multicast'], ['ff0e::1', 'multicast'],
  ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:169.254.169.254', 'link-local'], ['::ffff:10.1.2.3', 'private'],
  ['::127.0.0.1', 'loopback (IPv4-compatible)'], ['::10.0.0.1', 'private (IPv4-compatible)'],
  ['64:ff9b::127.0.0.1', 'loopback'], ['64:ff9b::a9fe:a9fe', 'link-local'], ['64:ff9b::10.0.0.1', 'private'],
  ['2002:7f00:1::', 'loopback (6to4)'], ['2002:c0a8:101::1', 'private (6to4)'],
  ['2001:db8::1', 'documentation'], ['2001:0:4136:e378::1', 'Teredo'], ['100::1', 'reserved'], ['fec0::1', 'reserved'],
  ['[::1]', 'loopback'],
] as const

const allowed = ['1.1.1.1', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.169.0.1', '223.255.255.255',
  '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1']

describe('address classifier', () => {
  it.each(refused)('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range })
  })
  it.each(allowed)('allows public unicast %s', (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true })
  })
  it('refuses what is not an IP address', () => {
    expect(classifyAddress('localhost').allowed).toBe(false)
    expect(classifyAddress('1.2.3').allowed).toBe(false)
  })
  it('parses IPv6 with compression and an embedded dotted quad', () => {
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4])
    expect(parseIPv6('1::')).toEqual([0, 1, ...Array(14).fill(0)])
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeUndefined()
    expect(parseIPv6('1::2::3')).toBeUndefined()
  })
})

describe('operator allow-list', () => {
  const list = ['127.0.0.1', '192.168.1.0/24', 'fd00::/8', 'Ollama.LAN'].map((e) => parseAllowEntry(e)!) as AllowEntry[]
  it('matches addresses by IP and CIDR, IPv4-mapped IPv6 as its IPv4', () => {
    expect(addressAllowed('127.0.0.1', list)).toBe(true)
    expect(addressAllowed('127.0.0.2', list)).toBe(false)
    expect(addressAllowed('192.168.1.77', list)).toBe(true)
    expect(addressAllowed('192.168.2.1', list)).toBe(false)
    expect(addressAllowed('::ffff:192.168.1.5', list)).toBe(true)
    expect(addressAllowed('fd12::1', list)).toBe(true)
    expect(addressAllowed('fe80::1', list)).toBe(false)
  })
  it('keeps host names as names (lower-cased) and rejects nonsense', () => {
    expect(list[3]).toEqual({ kind: 'host', host: 'ollama.lan' })
    expect(parseAllowEntry('10.0.0.0/33')).toBeUndefined()
    expect(parseAllowEntry('http://x')).toBeUndefined()
    expect(parseAllowEntry('')).toBeUndefined()
  })
})
