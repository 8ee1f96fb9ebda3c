// usync: device lists, LIDs and contact checks (sim/PROTOCOL.md §8). Non-zero
// devices carry key-index or Baileys drops them; the account's own list includes the phone (0).
import { jidDecode, type BinaryNode } from '@whiskeysockets/baileys'
import type { Directory } from './directory.js'
import { child, children, childrenOf } from '../wire/nodes.js'

export function answerUsync(dir: Directory, usync: BinaryNode): BinaryNode {
  const wants = new Set(childrenOf(child(usync, 'query')).map((c) => c.tag))
  const users = children(child(usync, 'list'), 'user').map((u): BinaryNode => {
    let jid = u.attrs.jid
    const contact = child(u, 'contact')
    if (!jid && contact?.content) jid = `${String(contact.content).replace(/\D/g, '')}@s.whatsapp.net`
    const d = jid ? jidDecode(jid) : undefined
    const pn = d?.server === 'lid' ? dir.lidToPn.get(d.user) : d?.user
    const account = pn ? dir.accounts.get(pn) : undefined
    const customer = pn ? dir.customers.get(pn) : undefined
    const known = account ?? customer
    const content: BinaryNode[] = []
    if (wants.has('contact')) content.push({ tag: 'contact', attrs: { type: known ? 'in' : 'out' } })
    if (wants.has('devices')) {
      const devices = account
        ? [{ id: 0 }, ...[...account.companions.values()].map((c) => ({ id: c.device, keyIndex: c.keyIndex }))]
        : customer ? [{ id: 0 }] : []
      content.push({ tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: devices.map((v) => ({
        tag: 'device', attrs: { id: String(v.id), ...('keyIndex' in v ? { 'key-index': String(v.keyIndex) } : {}) },
      })) }] })
    }
    if (wants.has('lid') && known) content.push({ tag: 'lid', attrs: { val: `${known.lid}@lid` } })
    if (wants.has('status') && known) content.push({ tag: 'status', attrs: { t: '0' }, content: Buffer.from('') })
    return { tag: 'user', attrs: { jid: jid ?? '' }, content }
  })
  return { tag: 'usync', attrs: { sid: usync.attrs.sid ?? '', index: '0', last: 'true' }, content: [{ tag: 'result', attrs: {}, content: [] }, { tag: 'list', attrs: {}, content: users }] }
}
