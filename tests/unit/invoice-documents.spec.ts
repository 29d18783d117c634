import { extractText } from 'unpdf'
import { describe, expect, it } from 'vitest'

import { buildLine } from '../../src/domain/invoiceLines'
import { totalsOf } from '../../src/domain/invoiceLines'
import { renderInvoicePdf, type InvoicePdfModel } from '../../src/services/invoicePdfs/renderInvoicePdf'
import { checkInvoiceLink, signInvoiceLink } from '../../src/services/invoicePdfs/signedLinks'

const company: InvoicePdfModel['company'] = {
  name: 'Kloof Fibre (Pty) Ltd',
  shortName: 'Kloof Fibre',
  vatNumber: '4123456789',
  registrationNumber: '2019/123456/07',
  address: ['12 Loop Street', 'Cape Town', '8001'],
  email: 'accounts@kloof.test',
  phone: '021 555 0100',
  bank: { bankName: 'FNB', accountName: 'Kloof Fibre (Pty) Ltd', accountNumber: '62812345678', branchCode: '250655', accountType: 'Cheque' },
}

function model(lineCount: number, overrides: Partial<InvoicePdfModel['invoice']> = {}): InvoicePdfModel {
  const lines = Array.from({ length: lineCount }, (_, i) =>
    buildLine({ description: `Fibre 50/50 line ${i + 1}`, kind: 'service', unitPriceCents: 79900, accountType: 'residential', invoiceDate: '2026-11-24' }),
  )
  const t = totalsOf(lines)
  return {
    company,
    customer: { name: 'Thandi Nkosi', accountNumber: 'CT-2026-00001', address: ['14 Jacaranda Ave', 'Pretoria 0081'] },
    invoice: {
      number: 'INV-2026-00042',
      kind: 'recurring',
      status: 'unpaid',
      invoiceDate: '2026-11-24',
      dueDate: '2026-12-01',
      periodStart: '2026-12-01',
      periodEnd: '2026-12-31',
      lines,
      subtotalCents: t.exclVatCents,
      vatCents: t.vatCents,
      totalCents: t.inclVatCents,
      amountPaidCents: 0,
      amountDueCents: t.inclVatCents,
      ...overrides,
    },
    asAt: '2026-11-24',
  }
}

const textOf = async (pdf: Buffer) => extractText(new Uint8Array(pdf), { mergePages: false })

describe('the invoice PDF', () => {
  it('is the same bytes for the same invoice (no clock, no randomness)', async () => {
    expect((await renderInvoicePdf(model(2))).equals(await renderInvoicePdf(model(2)))).toBe(true)
  })

  it('numbers every page "Page n of m" and repeats the table header on each page', async () => {
    const { totalPages, text } = await textOf(await renderInvoicePdf(model(60)))
    expect(totalPages).toBeGreaterThan(1)
    text.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${totalPages}`))
    expect(text.join('\n')).toContain('Fibre 50/50 line 60')
    text.slice(0, -1).forEach((page) => expect(page).toContain('Excl. VAT'))
  })

  it('titles a credit note as one, names the invoice it credits and asks for no payment', async () => {
    const { text } = await textOf(await renderInvoicePdf(model(1, { kind: 'credit_note', status: 'paid', creditedInvoiceNumber: 'INV-2026-00007', amountDueCents: 0 })))
    const all = text.join('\n')
    expect(all).toContain('CREDIT NOTE')
    expect(all).toContain('INV-2026-00007')
    expect(all).not.toContain('How to pay')
  })

  it('shows the EFT details with the invoice number as the reference', async () => {
    const all = (await textOf(await renderInvoicePdf(model(1)))).text.join('\n')
    for (const s of ['How to pay (EFT)', 'FNB', '62812345678', '250655', 'Payment reference', 'INV-2026-00042', 'VAT number: 4123456789']) expect(all).toContain(s)
  })
})

describe('signed invoice links', () => {
  const secret = 'a'.repeat(64)
  const now = new Date('2026-11-29T08:00:00+02:00')

  it('holds for 24 hours and not a second longer', () => {
    const link = signInvoiceLink(secret, 42, { now, hours: 24 })
    expect(checkInvoiceLink(secret, link, now)).toEqual({ ok: true })
    expect(checkInvoiceLink(secret, link, new Date(now.getTime() + 24 * 3600_000 - 1000))).toEqual({ ok: true })
    expect(checkInvoiceLink(secret, link, new Date(now.getTime() + 24 * 3600_000))).toMatchObject({ ok: false, code: 'LINK_EXPIRED' })
  })

  it('is bound to its invoice, its expiry and the server secret', () => {
    const link = signInvoiceLink(secret, 42, { now, hours: 24 })
    expect(checkInvoiceLink(secret, { ...link, invoiceId: 43 }, now)).toMatchObject({ ok: false, code: 'LINK_INVALID' })
    expect(checkInvoiceLink(secret, { ...link, expires: link.expires + 1 }, now)).toMatchObject({ ok: false, code: 'LINK_INVALID' })
    expect(checkInvoiceLink('b'.repeat(64), link, now)).toMatchObject({ ok: false, code: 'LINK_INVALID' })
  })
})
