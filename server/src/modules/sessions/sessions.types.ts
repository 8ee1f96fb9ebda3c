import type { NumberCheck, SessionState } from '../../adapters/whatsapp/whatsapp.port.js'
import type { PairingCodeInfo } from './sessions.qr-store.js'

export interface QrInfo {
  code: string
  /** The QR as an SVG image data URL, ready for an <img>. */
  dataUrl: string
  expiresAt: string
}

/**
 * One linked number of a tenant: the session the gateway opens, leases, fences and restores. The
 * tenant id rides along for events, logs and the tenant-carrying references.
 */
export interface DeviceRef { tenantId: string; deviceId: string }

/** What the device API and the `session.state` event report. */
export interface DeviceStatus {
  deviceId: string
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

/** Commands the device API sends to whichever gateway owns (or can take) a device's session. */
export interface SessionControl {
  connect(device: DeviceRef): Promise<void>
  requestPairingCode(device: DeviceRef, phoneNumber: string): Promise<string>
  disconnect(device: DeviceRef): Promise<void>
  logout(device: DeviceRef): Promise<void>
  /** Which of these numbers (digits) have a WhatsApp account, asked through a connected session of the tenant. */
  checkNumbers(tenantId: string, phones: string[]): Promise<NumberCheck[]>
}
