// Text from a photo of a menu, by Debian's `tesseract` CLI when the host has it (with the
// Indonesian model `tesseract-ocr-ind` when installed). Looked up at run time: the product works
// without it, and then tells the owner to type the menu instead.
import { spawn } from 'node:child_process'
import { ExtractError } from '../knowledge.errors.js'

interface Tesseract { bin: string; languages: string }
const found = new Map<string, Promise<Tesseract | null>>()

function run(bin: string, args: string[], input?: Buffer, timeoutMs = 60_000): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'ignore'], timeout: timeoutMs })
    const out: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8') }))
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  })
}

/** The tesseract on the PATH and the languages to read with, or null when there is none. */
export function findTesseract(bin: string): Promise<Tesseract | null> {
  let hit = found.get(bin)
  if (!hit) {
    hit = run(bin, ['--list-langs']).then(({ code, stdout }) => {
      if (code !== 0) return null
      const langs = new Set(stdout.split('\n').map((l) => l.trim()))
      const use = ['ind', 'eng'].filter((l) => langs.has(l))
      return { bin, languages: use.length ? use.join('+') : 'eng' }
    }, () => null)
    found.set(bin, hit)
  }
  return hit
}

export async function extractImage(bytes: Buffer, bin: string): Promise<string> {
  const tesseract = await findTesseract(bin)
  if (!tesseract) throw new ExtractError('knowledge.ocr_unavailable', 'This server cannot read text from photos (tesseract-ocr is not installed). Type the menu instead.')
  const { code, stdout } = await run(tesseract.bin, ['stdin', 'stdout', '-l', tesseract.languages, '--psm', '6'], bytes)
  if (code !== 0) throw new ExtractError('knowledge.corrupt_file', 'The photo could not be read.')
  return stdout.split('\n').map((l) => l.trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim()
}
