// API errors → messages next to the right field, in the UI language.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError } from '~/utils/api-client'
import { errorMessage, formErrors, type Translate } from '~/utils/form-errors'

function translator(locale: 'id' | 'en'): Translate {
  const messages = JSON.parse(readFileSync(join(__dirname, '..', '..', 'i18n', 'locales', `${locale}.json`), 'utf8'))
  const get = (key: string) => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messages)
  return { t: (k) => (typeof get(k) === 'string' ? (get(k) as string) : k), te: (k) => typeof get(k) === 'string' }
}
const id = translator('id')
const en = translator('en')

describe('form errors', () => {
  it('puts each validation detail on its field, translated by its code', () => {
    const e = new ApiError(400, 'validation.failed', 'Invalid body', [
      { path: 'email', code: 'invalid_format', message: 'Invalid email address' },
      { path: 'followUp.afterHours', code: 'too_big', message: 'Too big: expected number to be <=720' },
      { path: 'quietHours.start', code: 'custom_thing', message: 'Use HH:MM, e.g. 21:00' },
    ])
    const { fields, general } = formErrors(e, id)
    expect(fields).toEqual({
      email: 'Formatnya tidak valid.',
      'followUp.afterHours': 'Terlalu panjang atau terlalu besar.',
      'quietHours.start': 'Use HH:MM, e.g. 21:00', // no words for that code: the server's own message
    })
    expect(general).toBe('')
  })

  it('maps codes that belong to one field without details (email taken, bad phone number)', () => {
    expect(formErrors(new ApiError(409, 'auth.email_taken', 'taken'), id).fields.email).toContain('sudah terdaftar')
    expect(formErrors(new ApiError(400, 'device.invalid_phone', 'bad'), en).fields.phoneNumber).toContain('Invalid number')
    // "Pesan baru": a number without WhatsApp is said under the number field, in Indonesian.
    expect(formErrors(new ApiError(422, 'messages.not_on_whatsapp', 'no'), id, { to: 'phone' }).fields.phone).toBe('Nomor ini tidak memakai WhatsApp. Pesan tidak dikirim.')
  })

  it('renames server paths to the form\'s own field names', () => {
    const e = new ApiError(400, 'validation.failed', 'x', [{ path: 'profile.hours', code: 'too_big', message: 'long' }])
    expect(formErrors(e, en, { 'profile.hours': 'hours' }).fields).toEqual({ hours: 'Too long or too large.' })
  })

  it('says the rest in one line above the button', () => {
    expect(formErrors(new ApiError(401, 'auth.invalid_credentials', 'Wrong'), id)).toEqual({ fields: {}, general: 'Email atau kata sandi salah.' })
    expect(errorMessage(new ApiError(0, 'network', 'fetch failed'), en)).toContain("Can't reach the server")
    expect(errorMessage(new ApiError(403, 'something.new', 'no'), id)).toContain('Peran Anda')
    expect(errorMessage(new ApiError(500, 'internal', 'boom'), en)).toContain('on the server')
    expect(errorMessage(new ApiError(409, 'unknown.code', 'Server words'), en)).toBe('Server words')
    expect(errorMessage(new Error('x'), id)).toBe('Terjadi kesalahan. Coba lagi.')
  })
})
