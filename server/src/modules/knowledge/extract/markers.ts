// The extracted text keeps where each part came from as marker lines the owner sees and may edit
// around ("=== hal. 2 ===", "=== lembar: Menu ==="); chunking reads them back, so a source
// survives an edit of the text.
export const pageMarker = (page: number) => `=== hal. ${page} ===`
export const sheetMarker = (sheet: string) => `=== lembar: ${sheet.replace(/=+/g, '').trim()} ===`

export type Marker = { page: number } | { sheet: string }

export function readMarker(line: string): Marker | null {
  const m = /^===\s*(?:hal\.?|halaman|page)\s*(\d{1,4})\s*===$/i.exec(line.trim())
  if (m) return { page: Number(m[1]) }
  const s = /^===\s*(?:lembar|sheet)\s*:\s*(.+?)\s*===$/i.exec(line.trim())
  return s ? { sheet: s[1]! } : null
}
