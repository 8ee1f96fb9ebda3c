// English words customers use for what Indonesian shops list in Indonesian ("iced coffee with
// milk" → es kopi susu, "oil change" → ganti oli). A general glossary of shop vocabulary — food,
// drink, flowers, services — not any one shop's items; product matching adds these as extra words
// the message said, so English in finds the owner's Indonesian names.
const GLOSSARY: Readonly<Record<string, readonly string[]>> = {
  iced: ['es'], ice: ['es'], coffee: ['kopi'], milk: ['susu'], tea: ['teh'], sugar: ['gula'], palm: ['aren'], orange: ['jeruk'],
  lemon: ['lemon'], chocolate: ['coklat'], cheese: ['keju'], toast: ['roti', 'bakar'], bread: ['roti'], cake: ['kue'], cakes: ['kue'],
  rice: ['nasi'], fried: ['goreng'], grilled: ['bakar'], chicken: ['ayam'], beef: ['sapi', 'daging'], meat: ['daging'], fish: ['ikan'],
  shrimp: ['udang'], prawn: ['udang'], egg: ['telur'], eggs: ['telur'], noodle: ['mie'], noodles: ['mie'], meatball: ['bakso'],
  meatballs: ['bakso'], soup: ['sop', 'soto'], satay: ['sate'], spring: ['lumpia'], roll: ['lumpia'], dumpling: ['dimsum', 'siomay'],
  dumplings: ['dimsum', 'siomay'], box: ['kotak'], boxed: ['kotak'], banana: ['pisang'], coconut: ['kelapa'], avocado: ['alpukat'],
  juice: ['jus'], water: ['air'], spicy: ['pedas'], sweet: ['manis'], cracker: ['kerupuk'], crackers: ['kerupuk'],
  goat: ['kambing'], lamb: ['kambing'], mutton: ['kambing'], duck: ['bebek'], tofu: ['tahu'], tempeh: ['tempe'], squid: ['cumi'], crab: ['kepiting'],
  vegetable: ['sayur'], vegetables: ['sayur'], peanut: ['kacang'], curry: ['kari', 'gulai'], porridge: ['bubur'], sauce: ['saus', 'sambal'],
  rose: ['mawar'], roses: ['mawar'], sunflower: ['bunga', 'matahari'], sunflowers: ['bunga', 'matahari'], flower: ['bunga'],
  flowers: ['bunga'], bouquet: ['buket'], board: ['papan'], table: ['meja'], red: ['merah'], white: ['putih'], black: ['hitam'],
  haircut: ['potong', 'rambut'], hair: ['rambut'], cut: ['potong'], color: ['cat', 'warna'], colour: ['cat', 'warna'], dye: ['cat'],
  wash: ['cuci'], washing: ['cuci'], laundry: ['cuci', 'laundry'], iron: ['setrika'], ironing: ['setrika'], dry: ['kering'],
  shoes: ['sepatu'], shoe: ['sepatu'], bedcover: ['bed', 'cover'], oil: ['oli'], change: ['ganti'], replace: ['ganti'],
  tire: ['ban'], tyre: ['ban'], patch: ['tambal'], brake: ['rem'], pads: ['kampas'], spark: ['busi'], plug: ['busi'], service: ['servis'],
  photo: ['foto', 'cetak'], print: ['print', 'cetak'], printing: ['print', 'cetak'], copy: ['fotokopi'], photocopy: ['fotokopi'],
  banner: ['spanduk'], card: ['kartu'], cards: ['kartu'], name: ['nama'], binding: ['jilid'], shirt: ['kemeja', 'kaos'],
  tshirt: ['kaos'], pants: ['celana'], jacket: ['jaket'], kids: ['anak'], children: ['anak'], child: ['anak'], shave: ['cukur', 'shaving'],
}

/** The message's words plus their Indonesian shop-vocabulary equivalents. */
export function withIndonesianWords(tokens: readonly string[]): string[] {
  const out = [...tokens]
  for (const t of tokens) {
    const extra = Object.hasOwn(GLOSSARY, t) ? GLOSSARY[t] : undefined
    if (extra) out.push(...extra)
  }
  return out
}

/** True when `word` is an English word the glossary knows (so it is not "something unlisted" as such). */
export const glossaryHas = (word: string): boolean => Object.hasOwn(GLOSSARY, word)
