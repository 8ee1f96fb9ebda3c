// Answers every IQ Baileys sends after login (research/wa-protocol.md §2d). An IQ nobody handles
// is still answered with an empty result, but counted: Baileys would otherwise stall silently
// for 60 s, and a new kind of IQ after a Baileys upgrade must fail the simulator's tests.
import { encodeBigEndian, KEY_BUNDLE_TYPE, xmppPreKey, xmppSignedPreKey, type BinaryNode } from '@whiskeysockets/baileys'
import type { Connection, Directory } from '../directory.js'
import { answerUsync } from './usync.js'
import { bigEndian, bufferOf, child, children, childrenOf, iqResult } from './nodes.js'

export interface IqContext {
  dir: Directory
  send(conn: Connection, node: BinaryNode): void
  countIq(key: string, known: boolean): void
  onPreKeysUploaded(conn: Connection): void
  onCompanionLogout(conn: Connection): void
  onPairDeviceSign(conn: Connection, node: BinaryNode): void
  onPairingCodeRequest?(conn: Connection, node: BinaryNode): void
}

type Handler = (ctx: IqContext, conn: Connection, node: BinaryNode, first: BinaryNode | undefined) => BinaryNode | undefined | 'handled'

const PRIVACY = { readreceipts: 'all', last: 'all', online: 'all', profile: 'all', status: 'all', groupadd: 'all', calladd: 'all', messages: 'all' }

const encrypt: Handler = (ctx, conn, node, first) => {
  const comp = conn.companion
  switch (first?.tag) {
    case 'count': return iqResult(node, [{ tag: 'count', attrs: { value: String(comp?.serverPreKeys.size ?? 0) } }])
    case 'digest': return iqResult(node, [{ tag: 'digest', attrs: {} }])
    case 'rotate': {
      const skey = child(first, 'skey')
      if (comp && skey) comp.signedPreKey = { keyId: bigEndian(bufferOf(child(skey, 'id'))), keyPair: { public: bufferOf(child(skey, 'value'))! }, signature: bufferOf(child(skey, 'signature'))! }
      return iqResult(node)
    }
    case 'key': {
      const users = children(first, 'user').map((u): BinaryNode => {
        const bundle = ctx.dir.bundleFor(u.attrs.jid!)
        if (!bundle) return { tag: 'user', attrs: { jid: u.attrs.jid! }, content: [{ tag: 'error', attrs: { code: '404', text: 'item-not-found' } }] }
        return { tag: 'user', attrs: { jid: u.attrs.jid! }, content: [
          { tag: 'registration', attrs: {}, content: encodeBigEndian(bundle.registrationId) },
          { tag: 'type', attrs: {}, content: KEY_BUNDLE_TYPE },
          { tag: 'identity', attrs: {}, content: bundle.identity },
          xmppSignedPreKey(bundle.signedPreKey),
          ...(bundle.preKey ? [xmppPreKey(bundle.preKey.keyPair as never, bundle.preKey.keyId)] : []),
        ] }
      })
      return iqResult(node, [{ tag: 'list', attrs: {}, content: users }])
    }
    default: {
      const list = child(node, 'list')
      if (node.attrs.type === 'set' && list && comp) {
        for (const k of children(list, 'key')) comp.serverPreKeys.set(bigEndian(bufferOf(child(k, 'id'))), bufferOf(child(k, 'value'))!)
        const skey = child(node, 'skey')
        if (skey) comp.signedPreKey = { keyId: bigEndian(bufferOf(child(skey, 'id'))), keyPair: { public: bufferOf(child(skey, 'value'))! }, signature: bufferOf(child(skey, 'signature'))! }
        ctx.onPreKeysUploaded(conn)
        return iqResult(node)
      }
      return undefined
    }
  }
}

const HANDLERS: Record<string, Handler> = {
  encrypt,
  usync: (ctx, _c, node, first) => (first ? iqResult(node, [answerUsync(ctx.dir, first)]) : undefined),
  abt: (_ctx, _c, node) => iqResult(node, [{ tag: 'props', attrs: { protocol: '1', hash: 'sim' }, content: [] }]),
  blocklist: (_ctx, _c, node) => iqResult(node, [{ tag: 'list', attrs: {}, content: [] }]),
  privacy: (_ctx, _c, node, first) => (node.attrs.type === 'get' && first?.tag === 'privacy'
    ? iqResult(node, [{ tag: 'privacy', attrs: {}, content: Object.entries(PRIVACY).map(([name, value]) => ({ tag: 'category', attrs: { name, value } })) }])
    : iqResult(node)), // tokens (trusted contact) and settings writes
  passive: (_ctx, _c, node) => iqResult(node),
  'w:p': (_ctx, _c, node) => iqResult(node), // keep-alive ping
  'w:m': (_ctx, _c, node) => iqResult(node, [{ tag: 'media_conn', attrs: { auth: 'sim', ttl: '300', auth_ttl: '300', max_buckets: '1' }, content: [{ tag: 'host', attrs: { hostname: '127.0.0.1' } }] }]),
  'w:stats': (_ctx, _c, node) => iqResult(node),
  'w:profile:picture': (_ctx, _c, node) => iqResult(node),
  status: (_ctx, _c, node) => iqResult(node),
  md: (ctx, conn, node, first) => {
    if (first?.tag === 'remove-companion-device') { ctx.onCompanionLogout(conn); return iqResult(node) }
    if (first?.tag === 'link_code_companion_reg' && ctx.onPairingCodeRequest) { ctx.onPairingCodeRequest(conn, node); return 'handled' }
    return undefined
  },
}

export function routeIq(ctx: IqContext, conn: Connection, node: BinaryNode): void {
  const first = childrenOf(node)[0]
  const xmlns = node.attrs.xmlns ?? ''
  if (node.attrs.type === 'result' || node.attrs.type === 'error') {
    // Answers to the simulator's own IQs: only pair-device-sign matters.
    if (child(node, 'pair-device-sign')) ctx.onPairDeviceSign(conn, node)
    return
  }
  const key = `${xmlns}/${node.attrs.type ?? ''}/${first?.tag ?? ''}`
  const handler = HANDLERS[xmlns]
  const answer = handler?.(ctx, conn, node, first)
  ctx.countIq(key, answer !== undefined)
  if (answer === 'handled') return
  ctx.send(conn, answer ?? iqResult(node))
}
