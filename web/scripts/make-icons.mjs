// Renders the dashboard's app icons (PWA manifest, iOS home screen) from the logo with the
// headless Chromium the browser tests use, so no image tool is needed. The PNGs are committed;
// run `node scripts/make-icons.mjs` again only when the logo changes.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const out = fileURLToPath(new URL('../public/icons/', import.meta.url))
mkdirSync(out, { recursive: true })

// The speech-bubble mark of favicon.svg on the brand green. `maskable` keeps the mark inside the
// central 80% safe zone, since launchers crop maskable icons to their own shape.
const logo = (size, { rounded, maskable }) => {
  const scale = maskable ? 0.55 : 0.75
  const mark = size * scale
  const offset = (size - mark) / 2
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
    <rect width="${size}" height="${size}" rx="${rounded ? size * 0.22 : 0}" fill="#0b8a5f"/>
    <g transform="translate(${offset} ${offset}) scale(${mark / 32})"><path d="M8 22l2-5a8 8 0 1 1 4 4z" fill="#fff"/></g>
  </svg>`
}

const icons = [
  { file: 'icon-192.png', size: 192, rounded: true, maskable: false },
  { file: 'icon-512.png', size: 512, rounded: true, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, rounded: false, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, maskable: false },
]

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] })
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 })
    await page.setContent(`<html><body style="margin:0;background:transparent">${logo(icon.size, icon)}</body></html>`)
    await page.locator('svg').screenshot({ path: join(out, icon.file), omitBackground: true })
    await page.close()
    console.log(`wrote public/icons/${icon.file}`)
  }
} finally {
  await browser.close()
}
