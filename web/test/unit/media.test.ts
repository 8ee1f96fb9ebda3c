import { describe, expect, it } from 'vitest'
import { formatDuration, formatFileSize, imageBox, listPreview, mapsUrl, waveformBars } from '../../app/utils/media'

describe('media formatting', () => {
  it('writes durations like WhatsApp', () => {
    expect(formatDuration(7000)).toBe('0:07')
    expect(formatDuration(75_400)).toBe('1:15')
    expect(formatDuration(3_725_000)).toBe('1:02:05')
    expect(formatDuration(null)).toBe('0:00')
  })
  it('writes file sizes with the language\'s decimal mark', () => {
    expect(formatFileSize(1_234_567)).toBe('1,2 MB')
    expect(formatFileSize(1_234_567, 'en')).toBe('1.2 MB')
    expect(formatFileSize(532)).toBe('532 B')
    expect(formatFileSize(20 * 1024)).toBe('20 KB')
    expect(formatFileSize(null)).toBe('')
  })
  it('links a location to maps without tiles', () => {
    expect(mapsUrl(-6.9147, 107.6098)).toBe('https://maps.google.com/?q=-6.9147,107.6098')
  })
  it('turns 64 waveform values into fewer bars, never invisible', () => {
    const bars = waveformBars(Array.from({ length: 64 }, (_, i) => (i < 32 ? 0 : 100)), 8)
    expect(bars).toEqual([0.15, 0.15, 0.15, 0.15, 1, 1, 1, 1])
    expect(waveformBars(null, 4)).toEqual([0.15, 0.15, 0.15, 0.15])
  })
  it('keeps an image\'s aspect ratio within the bubble, cropping extremes', () => {
    expect(imageBox(480, 640)).toEqual({ width: 240, height: 320 })
    expect(imageBox(1600, 900)).toEqual({ width: 260, height: 146 })
    expect(imageBox(100, 1000)).toEqual({ width: 100, height: 200 })
    expect(imageBox(null, null)).toEqual({ width: 260, height: 195 })
  })
})

describe('the conversation list preview', () => {
  it('names each kind of media instead of "Pesan image"', () => {
    expect(listPreview({ body: 'sudah transfer', type: 'image', media: { kind: 'image', durationMs: null, fileName: null } })).toEqual({ icon: '📷', key: 'photo', detail: null, text: 'sudah transfer' })
    expect(listPreview({ body: null, type: 'audio', media: { kind: 'ptt', durationMs: 7000, fileName: null } })).toEqual({ icon: '🎤', key: 'voice', detail: '0:07', text: '' })
    expect(listPreview({ body: 'nota.pdf', type: 'document', media: { kind: 'document', durationMs: null, fileName: 'nota.pdf' } })).toEqual({ icon: '📄', key: null, detail: null, text: 'nota.pdf' })
    expect(listPreview({ body: 'ini ya', type: 'document', media: { kind: 'document', durationMs: null, fileName: 'nota.pdf' } }).text).toBe('nota.pdf · ini ya')
    expect(listPreview({ body: 'Gedung Sate', type: 'location', media: null })).toMatchObject({ icon: '📍', key: 'location', text: 'Gedung Sate' })
    expect(listPreview({ body: 'Pak Budi', type: 'contact', media: null })).toMatchObject({ icon: '👤', key: 'contact' })
  })
  it('says a last message deleted for everyone was deleted', () => {
    expect(listPreview({ body: null, type: 'deleted', media: null })).toEqual({ icon: '🚫', key: 'deleted', detail: null, text: '' })
  })
  it('leaves text alone, including rows from before the type was kept', () => {
    expect(listPreview({ body: 'halo', type: 'text', media: null })).toEqual({ icon: '', key: null, detail: null, text: 'halo' })
    expect(listPreview({ body: 'halo' })).toEqual({ icon: '', key: null, detail: null, text: 'halo' })
    expect(listPreview(null).text).toBe('')
  })
})
