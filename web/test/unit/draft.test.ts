// What a person typed is never overwritten: the three-way merge behind every form's draft.
import { describe, expect, it } from 'vitest'
import { adoptUntouched, isDirty } from '~/utils/draft'

describe('drafts', () => {
  it('keeps what the person typed when the server values change, and takes the rest', () => {
    const base = { about: '', hours: '', address: '', businessName: 'Kopi Senja' }
    const draft = { ...base, about: 'Kopi susu dan roti bakar', hours: '08.00–21.00' }
    // The price list import replaced the stored settings: same (empty) profile, new name from elsewhere.
    adoptUntouched(draft, base, { about: '', hours: '', address: '', businessName: 'Kopi Senja Bandung' })
    expect(draft).toEqual({ about: 'Kopi susu dan roti bakar', hours: '08.00–21.00', address: '', businessName: 'Kopi Senja Bandung' })
  })

  it('merges nested settings field by field', () => {
    const base = { followUp: { enabled: true, afterHours: 24 }, enabledModes: ['faq'] }
    const draft = { followUp: { enabled: true, afterHours: 6 }, enabledModes: ['faq'] }
    adoptUntouched(draft, base, { followUp: { enabled: false, afterHours: 24 }, enabledModes: ['faq', 'order'] })
    expect(draft).toEqual({ followUp: { enabled: false, afterHours: 6 }, enabledModes: ['faq', 'order'] })
  })

  it('knows when a draft differs from where it started', () => {
    expect(isDirty({ a: 'x', b: [1] }, { a: 'x', b: [1] })).toBe(false)
    expect(isDirty({ a: 'y', b: [1] }, { a: 'x', b: [1] })).toBe(true)
    expect(isDirty({ o: { n: 2 } }, { o: { n: 1 } })).toBe(true)
  })
})
