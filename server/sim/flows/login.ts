// What happens right after the Noise handshake: a new device (ClientPayload with
// devicePairingData) gets QR refs; a registered one logs in — checked against the directory —
// gets `<success>`, its offline backlog, then `<ib><offline count=N/>`. sim/PROTOCOL.md §5, §11.
import type { proto } from '@whiskeysockets/baileys'
import type { SimCore } from '../core.js'
import type { Connection } from '../directory/types.js'
import { bigEndian } from '../wire/nodes.js'
import { failure, offlineDone, streamError, success } from '../wire/stanzas.js'
import { forgetRefs, offerRefs } from './pairing.js'

export function onClientPayload(core: SimCore, conn: Connection, payload: proto.ClientPayload): void {
  core.counters.handshakes += 1
  const p = payload.devicePairingData
  if (p) {
    // Store the companion's Signal registration now: the key server hands it out after pairing.
    conn.registration = {
      registrationId: bigEndian(p.eRegid ?? undefined), identity: Buffer.from(p.eIdent!), noisePub: conn.clientStatic!,
      signedPreKey: { keyId: bigEndian(p.eSkeyId ?? undefined), keyPair: { public: Buffer.from(p.eSkeyVal!) }, signature: Buffer.from(p.eSkeySig!) },
    }
    offerRefs(core, conn, core.opts.refsPerPairing ?? 6)
    return
  }
  login(core, conn, String(payload.username ?? ''), payload.device ?? 0)
}

function login(core: SimCore, conn: Connection, username: string, device: number): void {
  const account = core.dir.accounts.get(username)
  const companion = account?.companions.get(device)
  const fail = (reason: '401' | '403') => {
    core.counters.loginFailures += 1
    core.send(conn, failure(reason))
    core.closeSoon(conn)
    core.emit('login-failed', { username, device, reason })
  }
  // Unknown, unlinked, or a different Noise key than the one that paired: not this device.
  if (!account || !companion || !companion.noisePub.equals(conn.clientStatic!)) return fail('401')
  if (account.banned) return fail('403')
  core.counters.logins += 1
  if (companion.conn && companion.conn !== conn) {
    // A second login with the same credentials replaces the first socket (440 on the old one).
    core.send(companion.conn, streamError.replaced())
    core.closeSoon(companion.conn)
  }
  conn.companion = companion
  companion.conn = conn
  core.send(conn, success(companion.lid))
  const backlog = companion.offlineQueue.splice(0)
  for (const node of backlog) {
    // Messages stay "unacked" until the device receipts them, offline or not.
    if (node.tag === 'message') (companion.unacked ??= new Map()).set(node.attrs.id!, node)
    core.send(conn, node)
  }
  core.send(conn, offlineDone(backlog.length))
  core.emit('login', companion)
}

/** Socket gone: free its QR refs and code request; whatever the device never confirmed waits for its next login. */
export function onConnectionClosed(core: SimCore, conn: Connection): void {
  forgetRefs(core, conn)
  if (conn.pairingCode && core.codeRequests.get(conn.pairingCode.phoneNumber) === conn) core.codeRequests.delete(conn.pairingCode.phoneNumber)
  const companion = conn.companion
  if (companion?.conn === conn) {
    companion.conn = undefined
    const pending = [...(companion.unacked?.values() ?? [])].map((node) => ({ ...node, attrs: { ...node.attrs, offline: '1' } }))
    companion.offlineQueue.unshift(...pending)
    companion.unacked?.clear()
  }
  core.emit('connection-closed', conn)
}
