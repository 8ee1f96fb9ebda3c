// Linking a companion device to an account: QR (pair-device refs → the phone scans → ADV identity
// → pair-success → device signature check → 515) and pairing code (companion_hello → the phone
// enters the code → primary_hello → companion_finish → pair-success). research/wa-protocol.md §2b–c.
import { createHmac, randomBytes } from 'node:crypto'
import {
  aesDecryptGCM, aesEncryptCTR, Curve, derivePairingCodeKey, hkdf, jidEncode, proto, aesDecryptCTR,
  WA_ADV_ACCOUNT_SIG_PREFIX, WA_ADV_DEVICE_SIG_PREFIX, type BinaryNode,
} from '@whiskeysockets/baileys'
import { SERVER_JID, type Account, type Companion, type Connection } from '../directory.js'
import { bufferOf, child } from '../wire/nodes.js'
import { strictVerify } from './verify.js'

export interface PairingHost {
  send(conn: Connection, node: BinaryNode): void
  newId(): string
  registerCompanion(companion: Companion): void
  closeSoon(conn: Connection): void
  refs: Map<string, Connection>
}

/** Sends pair-success for a device the phone approved; the HMAC key proves who approved it. */
function sendPairSuccess(host: PairingHost, conn: Connection, account: Account, companionIdentity: Buffer, hmacKey: Buffer): void {
  const device = account.nextDevice++
  const keyIndex = device
  const details = proto.ADVDeviceIdentity.encode({ rawId: Math.floor(Math.random() * 1e9), timestamp: Math.floor(Date.now() / 1000), keyIndex }).finish()
  const accountSignature = Curve.sign(account.phone.identity.private, Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, details, companionIdentity]))
  const signed = proto.ADVSignedDeviceIdentity.encode({ details, accountSignatureKey: account.phone.identity.public, accountSignature }).finish()
  const hmac = createHmac('sha256', hmacKey).update(signed).digest()
  const container = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish()
  const jid = jidEncode(account.pn, 's.whatsapp.net', device)
  const lid = jidEncode(account.lid, 'lid', device)
  const iqId = host.newId()
  conn.pending = { account, device, keyIndex, jid, lid, details, iqId }
  for (const ref of conn.refs ?? []) host.refs.delete(ref)
  host.send(conn, { tag: 'iq', attrs: { from: SERVER_JID, type: 'set', id: iqId, xmlns: 'md' }, content: [{ tag: 'pair-success', attrs: {}, content: [
    { tag: 'device-identity', attrs: {}, content: container },
    { tag: 'platform', attrs: { name: 'android' } },
    { tag: 'device', attrs: { jid, lid } },
    { tag: 'biz', attrs: { name: account.pushName } },
  ] }] })
}

/** The phone scans `https://wa.me/settings/linked_devices#ref,noise,identity,adv,platform`. */
export function scanQr(host: PairingHost, account: Account, qr: string): { conn: Connection } {
  const fields = qr.split('#')[1]?.split(',') ?? []
  const [ref, noiseB64, identityB64, advB64] = fields
  const conn = ref ? host.refs.get(ref) : undefined
  if (!conn || !conn.registration || !noiseB64 || !identityB64 || !advB64) throw new Error('this QR code is unknown or expired')
  if (!Buffer.from(noiseB64, 'base64').equals(conn.registration.noisePub)) throw new Error('QR noise key does not match the connection')
  sendPairSuccess(host, conn, account, Buffer.from(identityB64, 'base64'), Buffer.from(advB64, 'base64'))
  return { conn }
}

/** The companion answered pair-success with its device signature: check it, register, restart. */
export function finishPairing(host: PairingHost, conn: Connection, node: BinaryNode): Companion {
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
  host.registerCompanion(companion)
  conn.pending = undefined
  // Like WhatsApp: the new device must reconnect and log in with its credentials.
  host.send(conn, { tag: 'stream:error', attrs: { code: '515' } })
  host.closeSoon(conn)
  return companion
}

/** companion_hello: remember the wrapped ephemeral key until the phone types the code. */
export function onCompanionHello(host: PairingHost, conn: Connection, node: BinaryNode, codes: Map<string, Connection>): void {
  const reg = child(node, 'link_code_companion_reg')!
  const phoneNumber = (reg.attrs.jid ?? '').split('@')[0]!.split(':')[0]!
  const ref = randomBytes(16).toString('base64')
  conn.pairingCode = {
    code: '', phoneNumber, ref,
    companionEphemeralWrapped: bufferOf(child(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub'))!,
    companionAuthPub: bufferOf(child(reg, 'companion_server_auth_key_pub'))!,
  }
  codes.set(phoneNumber, conn)
  host.send(conn, { tag: 'iq', attrs: { from: SERVER_JID, type: 'result', id: node.attrs.id! }, content: [
    { tag: 'link_code_companion_reg', attrs: {}, content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(ref) }] },
  ] })
}

interface PrimaryState { ephemeral: { public: Buffer; private: Buffer }; companionEphemeralPub: Buffer; account: Account }
const primaries = new WeakMap<Connection, PrimaryState>()

/** The owner types the code shown by the companion into the phone: primary_hello goes out. */
export async function enterPairingCode(host: PairingHost, conn: Connection, account: Account, code: string): Promise<void> {
  const pc = conn.pairingCode
  if (!pc) throw new Error('no pairing code request on this connection')
  const wrapped = pc.companionEphemeralWrapped
  const companionKey = await derivePairingCodeKey(code, wrapped.subarray(0, 32))
  const companionEphemeralPub = aesDecryptCTR(wrapped.subarray(48, 80), companionKey, wrapped.subarray(32, 48))
  const ephemeral = Curve.generateKeyPair()
  const salt = randomBytes(32)
  const iv = randomBytes(16)
  const key = await derivePairingCodeKey(code, salt)
  const wrappedPrimary = Buffer.concat([salt, iv, aesEncryptCTR(ephemeral.public, key, iv)])
  primaries.set(conn, { ephemeral: { public: Buffer.from(ephemeral.public), private: Buffer.from(ephemeral.private) }, companionEphemeralPub, account })
  host.send(conn, { tag: 'notification', attrs: { from: SERVER_JID, type: 'link_code_companion_reg', id: host.newId(), t: String(Math.floor(Date.now() / 1000)) }, content: [
    { tag: 'link_code_companion_reg', attrs: { stage: 'primary_hello' }, content: [
      { tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(pc.ref) },
      { tag: 'primary_identity_pub', attrs: {}, content: account.phone.identity.public },
      { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
    ] },
  ] })
}

/** companion_finish: derive the ADV secret exactly as the companion did, then pair-success. */
export function onCompanionFinish(host: PairingHost, conn: Connection, node: BinaryNode): void {
  const state = primaries.get(conn)
  const reg = child(node, 'link_code_companion_reg')!
  if (!state) throw new Error('companion_finish before primary_hello')
  const bundle = bufferOf(child(reg, 'link_code_pairing_wrapped_key_bundle'))!
  const companionIdentity = bufferOf(child(reg, 'companion_identity_public'))!
  const companionShared = Curve.sharedKey(state.ephemeral.private, state.companionEphemeralPub)
  const key = hkdf(companionShared, 32, { salt: bundle.subarray(0, 32), info: 'link_code_pairing_key_bundle_encryption_key' })
  const payload = aesDecryptGCM(bundle.subarray(44), Buffer.from(key), bundle.subarray(32, 44), Buffer.alloc(0))
  const random = payload.subarray(64, 96)
  const identityShared = Curve.sharedKey(state.account.phone.identity.private, companionIdentity)
  const advSecret = Buffer.from(hkdf(Buffer.concat([companionShared, identityShared, random]), 32, { info: 'adv_secret' }))
  host.send(conn, { tag: 'iq', attrs: { from: SERVER_JID, type: 'result', id: node.attrs.id! } })
  sendPairSuccess(host, conn, state.account, companionIdentity, advSecret)
}
