/** How a select option's stored value reads in the panel. */

/** Words whose capitals the generic label would lose. */
const WORDS: Record<string, string> = { lte: 'LTE', eft: 'EFT', sms: 'SMS', api: 'API', api_key: 'API key', adhoc: 'Ad hoc', pro_rata: 'Pro rata', interstellio: 'Interstellio', non_payment: 'Non-payment' }

/** An option's label as people read it: `LTE`, `EFT`, `Debit order`, `Partially paid`. */
export function optionLabelOf(value: string): string {
  return WORDS[value] ?? value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()).replace(/\b(lte|eft|sms|api)\b/g, (w) => w.toUpperCase())
}

