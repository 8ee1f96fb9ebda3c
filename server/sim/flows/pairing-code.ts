// Linking a companion by phone-number code (Baileys `requestPairingCode`): companion_hello → the
// owner types the code on the phone → primary_hello notification → companion_finish → the ADV
// secret both sides derive → pair-success. Mirrors Baileys' Socket/socket.js requestPairingCode and
// the link_code_companion_reg handler in Socket/messages-recv.js (sim/PROTOCOL.md §4).
import { randomBytes } from 'node:crypto'
import { aesDecryptCTR, aesDecryptGCM, aesEncryptCTR, Curve, derivePairingCodeKey, hkdf, type BinaryNode } from '@whiskeysockets/baileys'
import type { SimCore } from '../core.js'
import { SERVER_JID, userOf } from '../directory/directory.js'
import type { Account, Connection } from '../directory/types.js'
import { bufferOf, child, iqResult, nowSeconds } from '../wire/nodes.js'
import { sendPairSuccess } from './pairing.js'

interface PrimaryState { ephemeral: { public: Buffer; private: Buffer }; companionEphemeralPub: Buffer; account: Account }
const primaries = new WeakMap<Connection, PrimaryState>()

/** `iq xmlns=md <link_code_companion_reg stage=…>` from the companion. */
export function onPairingCodeIq(core: SimCore, conn: Connection, node: BinaryNode): void {
  const stage = child(node, 'link_code_companion_reg')?.attrs.stage
  if (stage === 'companion_hello') onCompanionHello(core, conn, node)
  else if (stage === 'companion_finish') onCompanionFinish(core, conn, node)
  else core.send(conn, iqResult(node))
}

/** companion_hello: remember the code-wrapped ephemeral key until the owner types the code. */
function onCompanionHello(core: SimCore, conn: Connection, node: BinaryNode): void {
  const reg = child(node, 'link_code_companion_reg')!
  const phoneNumber = userOf(reg.attrs.jid ?? '')
  const ref = randomBytes(16).toString('base64')
  conn.pairingCode = {
    phoneNumber, ref,
    companionEphemeralWrapped: bufferOf(child(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub'))!,
    companionAuthPub: bufferOf(child(reg, 'companion_server_auth_key_pub'))!,
  }
  core.codeRequests.set(phoneNumber, conn)
  core.send(conn, iqResult(node, [
    { tag: 'link_code_companion_reg', attrs: {}, content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(ref) }] },
  ]))
}

/**
 * The owner types the code into the phone. The wrapped blob is salt(32) ‖ iv(16) ‖ ciphertext(32),
 * keyed by PBKDF2(code, salt); a wrong code yields a different "ephemeral key" and the final HMAC
 * check fails on the companion, as in real WhatsApp.
 */
export async function enterPairingCode(core: SimCore, conn: Connection, account: Account, code: string): Promise<void> {
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
  core.send(conn, { tag: 'notification', attrs: { from: SERVER_JID, type: 'link_code_companion_reg', id: core.newId(), t: nowSeconds() }, content: [
    { tag: 'link_code_companion_reg', attrs: { stage: 'primary_hello' }, content: [
      { tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(pc.ref) },
      { tag: 'primary_identity_pub', attrs: {}, content: account.phone.identity.public },
      { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
    ] },
  ] })
}

/**
 * companion_finish: the companion sent its identity and a key bundle encrypted under
 * HKDF(DH(ephemerals)). Decrypt it, then derive the ADV secret exactly as the companion did:
 * HKDF(DH(ephemerals) ‖ DH(phone identity, companion identity) ‖ random, info "adv_secret").
 */
function onCompanionFinish(core: SimCore, conn: Connection, node: BinaryNode): void {
  const state = primaries.get(conn)
  const reg = child(node, 'link_code_companion_reg')!
  if (!state) throw new Error('companion_finish before primary_hello')
  const bundle = bufferOf(child(reg, 'link_code_pairing_wrapped_key_bundle'))!
  const companionIdentity = bufferOf(child(reg, 'companion_identity_public'))!
  const companionShared = Curve.sharedKey(state.ephemeral.private, state.companionEphemeralPub)
  const key = hkdf(companionShared, 32, { salt: bundle.subarray(0, 32), info: 'link_code_pairing_key_bundle_encryption_key' })
  // Plaintext: companion identity(32) ‖ phone identity(32) ‖ random(32).
  const payload = aesDecryptGCM(bundle.subarray(44), Buffer.from(key), bundle.subarray(32, 44), Buffer.alloc(0))
  const random = payload.subarray(64, 96)
  const identityShared = Curve.sharedKey(state.account.phone.identity.private, companionIdentity)
  const advSecret = Buffer.from(hkdf(Buffer.concat([companionShared, identityShared, random]), 32, { info: 'adv_secret' }))
  core.send(conn, iqResult(node))
  primaries.delete(conn)
  core.codeRequests.delete(conn.pairingCode?.phoneNumber ?? '')
  sendPairSuccess(core, conn, state.account, companionIdentity, advSecret)
}
