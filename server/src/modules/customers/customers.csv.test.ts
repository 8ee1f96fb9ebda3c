// The customers CSV: numbers normalised to E.164, every bad line reported with its number and
// never stopping the rest, Windows-1252 files read and flagged, and an export Excel opens safely.
import { describe, expect, it } from 'vitest'
import { csvCell, normalisePhone, parseCsvRecords, parseCustomerCsv } from './customers.csv.js'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('normalisePhone', () => {
  it('understands how Indonesians write numbers', () => {
    for (const raw of ['081234567890', '0812-3456-7890', '+62 812 3456 7890', '6281234567890', '81234567890', '(0812) 3456 7890']) {
      expect(normalisePhone(raw), raw).toBe('6281234567890')
    }
    expect(normalisePhone('+44 20 7946 0958')).toBe('442079460958')
  })
  it('refuses what is not a phone number', () => {
    for (const raw of ['', 'abc', '12345', '0812', '+62 0000', '4420794609']) expect(normalisePhone(raw), raw).toBeUndefined()
  })
})

describe('parseCustomerCsv', () => {
  it('reads a header in Indonesian, quoted cells with commas and line breaks, and labels', () => {
    const parsed = parseCustomerCsv(utf8('nama,nomor,catatan,label\r\n"Siti, Toko Makmur",0812-1111-2222,"Suka kirim pagi\nPelanggan lama",Lunas|VIP\r\nBudi,+62 813 3333 4444,,\r\n'))
    expect(parsed.errors).toEqual([])
    expect(parsed.encoding).toBe('utf-8')
    expect(parsed.rows).toEqual([
      { line: 2, phone: '6281211112222', name: 'Siti, Toko Makmur', notes: 'Suka kirim pagi\nPelanggan lama', labels: ['Lunas', 'VIP'] },
      { line: 4, phone: '6281333334444', name: 'Budi', notes: null, labels: [] },
    ])
  })

  it('reports a bad number, a duplicate, too many columns and a missing number per line, keeping the good lines', () => {
    const parsed = parseCustomerCsv(utf8('nomor;nama\n08121111222;Ani\nbukan-nomor;Eko\n+62 812-1111-222;Ani lagi\n081355556666;Dewi;extra\n;Tanpa nomor\n081377778888;Rina\n'))
    expect(parsed.rows.map((r) => r.name)).toEqual(['Ani', 'Rina'])
    expect(parsed.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'customers.import_bad_phone'], [4, 'customers.import_duplicate'], [5, 'customers.import_too_many_columns'], [6, 'customers.import_missing_phone'],
    ])
  })

  it('reads a Windows-1252 file (Excel) as such and says so', () => {
    const bytes = new Uint8Array([...utf8('nama,nomor\nJos'), 0xe9, ...utf8(',081211112222\n')])
    const parsed = parseCustomerCsv(bytes)
    expect(parsed.encoding).toBe('windows-1252')
    expect(parsed.rows[0]).toMatchObject({ name: 'José', phone: '6281211112222' })
  })

  it('takes columns in the default order without a header, and ignores a BOM', () => {
    const parsed = parseCustomerCsv(utf8('\uFEFF081211112222,Ani,catatan\n'))
    expect(parsed.rows).toEqual([{ line: 1, phone: '6281211112222', name: 'Ani', notes: 'catatan', labels: [] }])
  })

  it('refuses a header without a phone column', () => {
    expect(parseCustomerCsv(utf8('nama,catatan\nAni,x\n')).errors[0]?.code).toBe('customers.import_no_phone_column')
  })
})

describe('csv export cells', () => {
  it('neutralises formula starters and quotes separators', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    for (const s of ['+62812', '-1', '@SUM(A1)']) expect(csvCell(s).startsWith(`'`)).toBe(true)
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell(null)).toBe('')
    expect(parseCsvRecords(`${csvCell('x\ny')},b\r\n`, ',')).toEqual([{ line: 1, cells: ['x\ny', 'b'] }])
  })
})
