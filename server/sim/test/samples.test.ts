// The simulator's sample files are judged by content sniffing (file-type, as the product's store
// uses), so a large sample (bench:media asks for 20 MB videos by size) must still be the format it
// claims, and two of them must be different files (the store keeps one copy per content hash).
import { describe, expect, it } from 'vitest'
import { fileTypeFromBuffer } from 'file-type'
import { sampleMp4 } from '../media/samples.js'

describe('sample files', () => {
  it('a large random-content MP4 has the size asked for, sniffs as a video, and differs each time', async () => {
    const a = sampleMp4(1024 * 1024, true)
    const b = sampleMp4(1024 * 1024, true)
    expect(a.length).toBe(1024 * 1024 + 32)
    expect((await fileTypeFromBuffer(a.subarray(0, 4100)))?.mime).toBe('video/mp4')
    expect(a.equals(b)).toBe(false)
    // Without `random` the sample stays the same bytes every time (tests compare downloads with it).
    expect(sampleMp4().equals(sampleMp4())).toBe(true)
  })
})
