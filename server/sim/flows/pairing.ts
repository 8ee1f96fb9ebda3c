// Linking a companion by QR: pair-device refs → the phone scans → ADV identity → pair-success →
// the companion's device signature is checked → registered → 515. sim/PROTOCOL.md §3.
import { createHmac, randomBytes } from 'node:crypto'
import { Curve, jidEncode, proto, WA_ADV_ACCOUNT_SIG_PREFIX, WA_ADV_DEVICE_SIG_PREFIX, type BinaryNode } from '@whiskeysockets/baileys'
import type { SimCore } from '../core.js'
import { SERVER_JID } from '../directory/directory.js'
import type { Account, Companion, Connection } from '../directory/types.js'
import { bufferOf, child } from '../wire/nodes.js'
import { streamError } from '../wire/stanzas.js'
import { strictVerify } from './verify.js'

/** Offers a fresh companion `n` QR refs; Baileys shows them one by one and gives up (408) after the last. */
export function offerRefs(core: SimCore, conn: Connection, n: number): void {
  conn.refs = Array.from({ length: n }, () => `2@${randomBytes(24).toString('base64')}`)
  for (const ref of conn.refs) core.refs.set(ref, conn)
  core.send(conn, { tag: 'iq', attrs: { from: SERVER_JID, type: 'set', id: core.newId(), xmlns: 'md' }, content: [
    { tag: 'pair-device', attrs: {}, content: conn.refs.map((r) => ({ tag: 'ref', attrs: {}, content: Buffer.from(r) })) },
  ] })
}

export function forgetRefs(core: SimCore, conn: Connection): void {
  for (const ref of conn.refs ?? []) core.refs.delete(ref)
}

/**
 * The phone approved the companion: build its ADV identity (account-signed by the phone's identity
 * key) wrapped in an HMAC keyed by the secret only the approver can know (the QR's ADV secret, or
 * the one derived from a pairing code). That HMAC is what Baileys really verifies.
 */
export function sendPairSuccess(core: SimCore, conn: Connection, account: Account, companionIdentity: Buffer, hmacKey: Buffer): void {
  const device = account.nextDevice++
  const keyIndex = device
  const details = proto.ADVDeviceIdentity.encode({ rawId: Math.floor(Math.random() * 1e9), timestamp: Math.floor(Date.now() / 1000), keyIndex }).finish()
  const accountSignature = Curve.sign(account.phone.identity.private, Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, details, companionIdentity]))
  const signed = proto.ADVSignedDeviceIdentity.encode({ details, accountSignatureKey: account.phone.identity.public, accountSignature }).finish()
  const hmac = createHmac('sha256', hmacKey).update(signed).digest()
  const container = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish()
  const jid = jidEncode(account.pn, 's.whatsapp.net', device)
  const lid = jidEncode(account.lid, 'lid', device)
  const iqId = core.newId()
  conn.pending = { account, device, keyIndex, jid, lid, details, iqId }
  forgetRefs(core, conn) // a scanned QR cannot be scanned again
  core.send(conn, { tag: 'iq', attrs: { from: SERVER_JID, type: 'set', id: iqId, xmlns: 'md' }, content: [{ tag: 'pair-success', attrs: {}, content: [
    { tag: 'device-identity', attrs: {}, content: container },
    { tag: 'platform', attrs: { name: 'android' } },
    { tag: 'device', attrs: { jid, lid } },
    { tag: 'biz', attrs: { name: account.pushName } },
  ] }] })
}

/** The phone scans `https://wa.me/settings/linked_devices#ref,noise,identity,adv,platform`. */
export function scanQr(core: SimCore, account: Account, qr: string): Connection {
  // The phone's camera reads either the full link or just its fragment.
  const [ref, noiseB64, identityB64, advB64] = (qr.includes('#') ? qr.slice(qr.indexOf('#') + 1) : qr).split(',')
  const conn = ref ? core.refs.get(ref) : undefined
  if (!conn || !conn.registration || !noiseB64 || !identityB64 || !advB64) throw new Error('this QR code is unknown or expired')
  // The QR binds the ref to the companion's Noise key: a QR replayed onto another socket is refused.
  if (!Buffer.from(noiseB64, 'base64').equals(conn.registration.noisePub)) throw new Error('QR noise key does not match the connection')
  sendPairSuccess(core, conn, account, Buffer.from(identityB64, 'base64'), Buffer.from(advB64, 'base64'))
  return conn
}

/** The companion answered pair-success with its device signature: check it, register, restart. */
export function finishPairing(core: SimCore, conn: Connection, node: BinaryNode): Companion {
  const p = conn.pending
  const reg = conn.registration
  const identityNode = child(child(node, 'pair-device-sign'), 'device-identity')
  if (!p || !reg || !identityNode) throw new Error('unexpected pair-device-sign')
  const signed = proto.ADVSignedDeviceIdentity.decode(bufferOf(identityNode)!)
  const message = Buffer.concat([WA_ADV_DEVICE_SIG_PREFIX, p.details, reg.identity, p.account.phone.identity.public])
  if (!signed.deviceSignature || !strictVerify(reg.identity, message, signed.deviceSignature)) throw new Error('companion device signature is invalid')
  const companion: Companion = {
    account: p.account, device: p.device, keyIndex: p.keyIndex, jid: p.jid, lid: p.lid, noisePub: reg.noisePub,
    registrationId: reg.registrationId, identity: reg.identity, signedPreKey: reg.signedPreKey,
    serverPreKeys: new Map(), conn: undefined, offlineQueue: [],
  }
  p.account.companions.set(companion.device, companion)
  conn.pending = undefined
  core.counters.pairs += 1
  core.emit('paired', companion)
  // Like WhatsApp: the new device must reconnect and log in with its credentials.
  core.send(conn, streamError.restart())
  core.closeSoon(conn)
  return companion
}
