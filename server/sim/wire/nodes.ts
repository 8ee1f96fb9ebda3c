// Small helpers for building and reading binary nodes.
import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys'
import { SERVER_JID } from '../directory/directory.js'

export const nowSeconds = () => String(Math.floor(Date.now() / 1000))

export const childrenOf = (node: BinaryNode | undefined): BinaryNode[] => (node && Array.isArray(node.content) ? node.content : [])

export const iqResult = (req: BinaryNode, content?: BinaryNode[]): BinaryNode =>
  ({ tag: 'iq', attrs: { from: SERVER_JID, type: 'result', id: req.attrs.id! }, ...(content ? { content } : {}) })

export const bigEndian = (b: Uint8Array | undefined): number => (b ? [...b].reduce((a, x) => a * 256 + x, 0) : 0)

export const bufferOf = (node: BinaryNode | undefined): Buffer | undefined =>
  node && node.content instanceof Uint8Array ? Buffer.from(node.content) : typeof node?.content === 'string' ? Buffer.from(node.content) : undefined

export { getBinaryNodeChild as child, getBinaryNodeChildren as children }
