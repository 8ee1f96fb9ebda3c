// The shop's WhatsApp numbers as the inbox shows them: a coloured dot per number (the colours the
// API allows, sessions.schemas.ts DEVICE_COLOURS), spelled out so the build keeps the classes.
import type { DeviceColour } from '../types/api'

const DOT: Record<DeviceColour, string> = {
  green: 'bg-emerald-500', blue: 'bg-blue-500', purple: 'bg-purple-500', orange: 'bg-orange-500', pink: 'bg-pink-500', teal: 'bg-teal-500',
}

export function deviceDotClass(colour: string): string {
  return DOT[colour as DeviceColour] ?? 'bg-emerald-500'
}
