// Rupiah amounts as owners and customers write them: "Rp 10.000", "Rp10,000", "IDR 25000",
// "15rb", "15k", "1,5jt". Used to read a fee out of the shop's FAQ text.

export function rupiahIn(text: string): number[] {
  const out: number[] = []
  for (const m of text.matchAll(/\b(?:rp|idr)\.?\s*(\d{1,3}(?:[.,]\d{3})+|\d+)/gi)) out.push(Number((m[1] ?? '').replace(/[.,]/g, '')))
  for (const m of text.matchAll(/\b(\d+(?:[.,]\d+)?)\s*(rb|ribu|k)\b/gi)) out.push(Math.round(Number((m[1] ?? '').replace(',', '.')) * 1000))
  for (const m of text.matchAll(/\b(\d+(?:[.,]\d+)?)\s*(jt|juta)\b/gi)) out.push(Math.round(Number((m[1] ?? '').replace(',', '.')) * 1_000_000))
  return out.filter((n) => Number.isFinite(n) && n > 0)
}
