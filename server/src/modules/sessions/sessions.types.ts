import type { NumberCheck, SessionState } from '../../adapters/whatsapp/whatsapp.port.js'
import type { PairingCodeInfo } from './sessions.qr-store.js'

export interface QrInfo {
  code: string
  /** The QR as an SVG image data URL, ready for an <img>. */
  dataUrl: string
  expiresAt: string
}

/** What the device API and the `session.state` event report. */
export interface DeviceStatus {
  state: SessionState
  phone: string | null
  pushName: string | null
  lastError: string | null
  lastCloseCode: number | null
  qr: QrInfo | null
  /**
   * How the device is being linked while `state` is `qr`: by scanning the QR, or by typing a
   * pairing code on the phone (then `qr` is null: a QR shown then could not link). Null otherwise.
   */
  pairingMode: 'qr' | 'code' | null
  /** The live pairing code and the number it is for, in code mode. */
  pairingCode: PairingCodeInfo | null
  demo: boolean
}

/** Commands the device API sends to whichever gateway owns (or can take) the session. */
export interface SessionControl {
  connect(tenantId: string): Promise<void>
  requestPairingCode(tenantId: string, phoneNumber: string): Promise<string>
  disconnect(tenantId: string): Promise<void>
  logout(tenantId: string): Promise<void>
  /** Which of these numbers (digits) have a WhatsApp account, asked through the tenant's session. */
  checkNumbers(tenantId: string, phones: string[]): Promise<NumberCheck[]>
}
