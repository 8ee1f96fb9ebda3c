import type { SessionState } from '../../adapters/whatsapp/whatsapp.port.js'

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
  pairingCode: string | null
  demo: boolean
}

/** Commands the device API sends to whichever gateway owns (or can take) the session. */
export interface SessionControl {
  connect(tenantId: string): Promise<void>
  requestPairingCode(tenantId: string, phoneNumber: string): Promise<string>
  disconnect(tenantId: string): Promise<void>
  logout(tenantId: string): Promise<void>
}
