// Reading a menu photo with the host's tesseract (Debian's tesseract-ocr + tesseract-ocr-ind).
// The photo is a real PNG: a menu rendered by headless Chromium. Skipped where either program is
// missing; the product's answer then ("type the menu") is tested in knowledge.http.int.test.ts.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import { extractImage, findTesseract } from './ocr.js'
import { ExtractError } from '../knowledge.errors.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const tesseract = await findTesseract('tesseract')

async function menuPhoto(): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ viewport: { width: 700, height: 260 } })
    await page.setContent('<body style="margin:30px;font:32px sans-serif;background:#fff;color:#000"><div>MENU WARUNG</div><div>Nasi Bakar Rp 25.000</div><div>Es Teh Manis Rp 5.000</div></body>')
    return await page.screenshot({ type: 'png' })
  } finally {
    await browser.close()
  }
}

describe('menu photos', () => {
  it.skipIf(!tesseract || !existsSync(CHROMIUM))('reads the text of a menu photo', async () => {
    const text = await extractImage(await menuPhoto(), 'tesseract')
    expect(text).toMatch(/Nasi Bakar Rp 25[.,]000/)
    expect(text).toMatch(/Es Teh Manis/)
    expect(tesseract?.languages).toContain('ind')
  }, 60_000)

  it('says to type the menu when the host has no tesseract', async () => {
    const err = await extractImage(Buffer.from([0x89, 0x50, 0x4e, 0x47]), '/nonexistent/tesseract').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExtractError)
    expect((err as ExtractError).code).toBe('knowledge.ocr_unavailable')
  })
})
