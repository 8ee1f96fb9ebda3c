// Price lists pasted or uploaded as CSV: `name,price[,unit]`, header optional, `;` also accepted,
// prices like 25000, 25.000, Rp 25.000 or 25k. Every bad line is reported, none is guessed.
export interface ParsedPriceList {
  rows: Array<{ name: string; price: number; unit?: string }>
  errors: Array<{ line: number; message: string }>
}

export function splitCsvLine(line: string, sep: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (ch === '"') { if (quoted && line[i + 1] === '"') { cur += '"'; i++ } else quoted = !quoted }
    else if (ch === sep && !quoted) { out.push(cur); cur = '' }
    else cur += ch
  }
  out.push(cur)
  return out.map((s) => s.trim())
}

export function parsePrice(raw: string): number | undefined {
  const s = raw.toLowerCase().replace(/rp\.?/g, '').replace(/\s/g, '')
  const k = /^(\d+(?:[.,]\d+)?)(k|rb|ribu)$/.exec(s)
  if (k) return Math.round(Number(k[1]!.replace(',', '.')) * 1000)
  if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(s)) return undefined
  return Number(s.replace(/[.,]/g, ''))
}

export function parsePriceListCsv(csv: string): ParsedPriceList {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/)
  const sep = (lines.find((l) => l.trim()) ?? '').includes(';') ? ';' : ','
  const result: ParsedPriceList = { rows: [], errors: [] }
  lines.forEach((line, i) => {
    if (!line.trim()) return
    const [name = '', price = '', unit] = splitCsvLine(line, sep)
    if (i === 0 && /^(name|nama|item|produk|menu)$/i.test(name) && parsePrice(price) === undefined) return // header
    if (!name) return void result.errors.push({ line: i + 1, message: 'The name is empty.' })
    const value = parsePrice(price)
    if (value === undefined) return void result.errors.push({ line: i + 1, message: `"${price}" is not a price (e.g. 25000 or Rp 25.000).` })
    result.rows.push({ name: name.slice(0, 120), price: value, ...(unit ? { unit: unit.slice(0, 30) } : {}) })
  })
  if (result.rows.length > 500) result.errors.push({ line: 0, message: 'At most 500 items.' })
  return result
}
