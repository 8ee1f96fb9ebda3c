// Answers every IQ Baileys sends (sim/PROTOCOL.md §6). Handlers are per xmlns; an IQ no
// handler recognises is still answered with an empty result (so the client does not stall 60 s)
// but counted as unknown: after a Baileys upgrade a new kind of IQ must fail the simulator's tests.
import { encodeBigEndian, KEY_BUNDLE_TYPE, xmppPreKey, xmppSignedPreKey, type BinaryNode } from '@whiskeysockets/baileys'
import type { SimCore } from '../core.js'
import { answerUsync } from '../directory/usync.js'
import type { Connection } from '../directory/types.js'
import { companionLogout } from '../flows/lifecycle.js'
import { onPairingCodeIq } from '../flows/pairing-code.js'
import { finishPairing } from '../flows/pairing.js'
import { child, children, childrenOf, iqResult } from './nodes.js'

/** A reply node, `undefined` for "not recognised", or 'handled' when the handler answered itself. */
type Handler = (core: SimCore, conn: Connection, node: BinaryNode, first: BinaryNode | undefined) => BinaryNode | undefined | 'handled'

const PRIVACY = { readreceipts: 'all', last: 'all', online: 'all', profile: 'all', status: 'all', groupadd: 'all', calladd: 'all', messages: 'all' }

function keyBundles(core: SimCore, node: BinaryNode, keyNode: BinaryNode): BinaryNode {
  const users = children(keyNode, 'user').map((u): BinaryNode => {
    const bundle = core.keys.bundleFor(u.attrs.jid!)
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

const encrypt: Handler = (core, conn, node, first) => {
  const comp = conn.companion
  switch (first?.tag) {
    // The number of one-time pre-keys the server holds; 0 makes Baileys upload its initial 812.
    case 'count': return iqResult(node, [{ tag: 'count', attrs: { value: String(comp?.serverPreKeys.size ?? 0) } }])
    // Without a <digest> child Baileys re-uploads its pre-keys on every login.
    case 'digest': return iqResult(node, [{ tag: 'digest', attrs: {} }])
    case 'rotate': {
      const skey = child(first, 'skey')
      if (comp && skey) core.keys.rotate(comp, skey)
      return iqResult(node)
    }
    case 'key': return keyBundles(core, node, first)
    default:
      if (node.attrs.type === 'set' && child(node, 'list') && comp) {
        const n = core.keys.storeUpload(comp, node)
        core.emit('prekeys', comp, n)
        return iqResult(node)
      }
      return undefined
  }
}

const HANDLERS: Record<string, Handler> = {
  encrypt,
  usync: (core, _c, node, first) => (first?.tag === 'usync' ? iqResult(node, [answerUsync(core.dir, first)]) : undefined),
  abt: (_core, _c, node) => iqResult(node, [{ tag: 'props', attrs: { protocol: '1', hash: 'sim' }, content: [] }]),
  blocklist: (_core, _c, node) => iqResult(node, [{ tag: 'list', attrs: {}, content: [] }]),
  privacy: (_core, _c, node, first) => (node.attrs.type === 'get' && first?.tag === 'privacy'
    ? iqResult(node, [{ tag: 'privacy', attrs: {}, content: Object.entries(PRIVACY).map(([name, value]) => ({ tag: 'category', attrs: { name, value } })) }])
    : first?.tag === 'tokens' || first?.tag === 'privacy' ? iqResult(node) : undefined), // trusted-contact tokens, settings writes
  passive: (_core, _c, node) => iqResult(node),
  'w:p': (_core, _c, node) => iqResult(node), // keep-alive ping every 30 s
  // Where to upload media, and the auth the upload must carry (sim/PROTOCOL.md §13a).
  'w:m': (core, _c, node, first) => (first?.tag === 'media_conn'
    ? iqResult(node, [{ tag: 'media_conn', attrs: { auth: core.media.auth, ttl: '300', auth_ttl: '21600', max_buckets: '12' }, content: [
      { tag: 'host', attrs: { hostname: core.media.hostname, maxContentLengthBytes: String(core.media.maxUploadBytes) } },
    ] }])
    : undefined),
  'w:stats': (_core, _c, node) => iqResult(node),
  'w:profile:picture': (_core, _c, node) => iqResult(node),
  status: (_core, _c, node) => iqResult(node),
  // Groups are out of scope; "which groups am I in" is answered with none.
  'w:g2': (_core, _c, node, first) => (first?.tag === 'participating' ? iqResult(node, [{ tag: 'groups', attrs: {}, content: [] }]) : undefined),
  md: (core, conn, node, first) => {
    if (first?.tag === 'remove-companion-device') { companionLogout(core, conn); return iqResult(node) }
    if (first?.tag === 'link_code_companion_reg') { onPairingCodeIq(core, conn, node); return 'handled' }
    return undefined
  },
}

export function routeIq(core: SimCore, conn: Connection, node: BinaryNode): void {
  if (node.attrs.type === 'result' || node.attrs.type === 'error') {
    // Answers to the simulator's own IQs: only pair-device-sign carries anything.
    if (child(node, 'pair-device-sign')) core.emit('paired-device', finishPairing(core, conn, node))
    return
  }
  const first = childrenOf(node)[0]
  const xmlns = node.attrs.xmlns ?? ''
  const key = `${xmlns}/${node.attrs.type ?? ''}/${first?.tag ?? ''}`
  const answer = HANDLERS[xmlns]?.(core, conn, node, first)
  core.countIq(key, answer !== undefined)
  if (answer === 'handled') return
  core.send(conn, answer ?? iqResult(node))
}
