import PDFDocument from 'pdfkit'

import type { CalendarDate } from '../../domain/calendarDate'
import { formatShortDate } from '../../domain/calendarDate'
import type { InvoiceLine } from '../../domain/invoiceLines'
import { formatRand } from '../../domain/money'
import { A4, ACCENT, drawLetterhead, INK, MARGIN, MUTED, RULE, type CompanyDetails } from './letterhead'

/** Who issues the invoice: from configuration (COMPANY_* variables). */
export type { CompanyDetails }

/** Everything the document shows, already read and formatted-neutral: no Payload, no I/O but the logo. */
export type InvoicePdfModel = {
  company: CompanyDetails
  customer: { name: string; accountNumber: string; address: string[]; email?: string }
  invoice: {
    number: string
    kind: string
    status: string
    invoiceDate: CalendarDate
    dueDate: CalendarDate
    periodStart?: CalendarDate
    periodEnd?: CalendarDate
    creditedInvoiceNumber?: string
    lines: InvoiceLine[]
    subtotalCents: number
    vatCents: number
    totalCents: number
    amountPaidCents: number
    amountDueCents: number
  }
  /** The date the figures (amount paid, amount due) are stated at. */
  asAt: CalendarDate
}


const date = (d: CalendarDate) => formatShortDate(d, true)
const percent = (basisPoints: number) => `${(basisPoints / 100).toFixed(basisPoints % 100 === 0 ? 0 : 2)}%`

/**
 * Renders a tax invoice (or credit note) as an A4 PDF with pdfkit's built-in Helvetica: company,
 * logo, VAT number and banking details; the customer; number, dates and billing period; every line
 * with excl. VAT, VAT rate, VAT and incl. VAT; totals, amount paid and due; the EFT reference (the
 * invoice number); "Page n of m" on every page. Deterministic for a given model (fixed metadata
 * dates), so the same invoice renders to the same bytes.
 */
export async function renderInvoicePdf(model: InvoicePdfModel): Promise<Buffer> {
  const { invoice, company, customer } = model
  const creditNote = invoice.kind === 'credit_note'
  const title = creditNote ? 'CREDIT NOTE' : 'TAX INVOICE'
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${title} ${invoice.number}`,
      Author: company.name,
      Subject: `${customer.name} (${customer.accountNumber})`,
      CreationDate: new Date(`${invoice.invoiceDate}T00:00:00+02:00`),
      ModDate: new Date(`${model.asAt}T00:00:00+02:00`),
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const right = A4.width - MARGIN
  const width = right - MARGIN

  // Header: logo and company on the left, the document's identity on the right.
  const companyBottom = drawLetterhead(doc, company)

  doc.fillColor(creditNote ? '#a33' : ACCENT).font('Helvetica-Bold').fontSize(20).text(title, MARGIN, MARGIN, { width, align: 'right' })
  doc.fillColor(INK).font('Helvetica').fontSize(9)
  const facts: [string, string][] = [
    [creditNote ? 'Credit note number' : 'Invoice number', invoice.number],
    ['Invoice date', date(invoice.invoiceDate)],
    [creditNote ? 'Applied' : 'Due date', date(invoice.dueDate)],
  ]
  if (invoice.periodStart && invoice.periodEnd) facts.push(['Billing period', `${date(invoice.periodStart)} to ${date(invoice.periodEnd)}`])
  if (invoice.creditedInvoiceNumber) facts.push(['Credits invoice', invoice.creditedInvoiceNumber])
  facts.push(['Account number', customer.accountNumber])
  let y = MARGIN + 30
  for (const [label, value] of facts) {
    doc.fillColor(MUTED).text(label, right - 250, y, { width: 110, align: 'left' })
    doc.fillColor(INK).font('Helvetica-Bold').text(value, right - 140, y, { width: 140, align: 'right' })
    doc.font('Helvetica')
    y += 13
  }

  // Bill to.
  y = Math.max(companyBottom, y) + 18
  doc.fillColor(MUTED).fontSize(8).text('BILL TO', MARGIN, y)
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(10.5).text(customer.name, MARGIN, y + 11)
  doc.font('Helvetica').fontSize(9)
  for (const line of customer.address) doc.text(line)
  if (customer.email) doc.fillColor(MUTED).text(customer.email)
  y = doc.y + 18

  // Lines.
  const cols = [
    { label: 'Description', x: MARGIN, w: 205, align: 'left' as const },
    { label: 'Qty', x: MARGIN + 205, w: 30, align: 'right' as const },
    { label: 'Excl. VAT', x: MARGIN + 240, w: 70, align: 'right' as const },
    { label: 'VAT rate', x: MARGIN + 312, w: 45, align: 'right' as const },
    { label: 'VAT', x: MARGIN + 360, w: 65, align: 'right' as const },
    { label: 'Incl. VAT', x: MARGIN + 428, w: width - 428, align: 'right' as const },
  ]
  const tableHeader = () => {
    doc.save().rect(MARGIN, y - 4, width, 18).fill('#eef3f9').restore()
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(8.5)
    for (const c of cols) doc.text(c.label, c.x + 2, y, { width: c.w - 4, align: c.align })
    doc.font('Helvetica')
    y += 20
  }
  tableHeader()
  for (const line of invoice.lines) {
    doc.fontSize(8.5)
    const height = Math.max(doc.heightOfString(line.description, { width: cols[0].w - 4 }), 11)
    if (y + height > A4.height - MARGIN - 60) {
      doc.addPage()
      y = MARGIN
      tableHeader()
    }
    const cells = [
      line.description,
      String(line.quantity),
      formatRand(line.exclVatCents),
      percent(line.vatRateBasisPoints),
      formatRand(line.vatCents),
      formatRand(line.inclVatCents),
    ]
    doc.fillColor(INK)
    cols.forEach((c, i) => doc.text(cells[i], c.x + 2, y, { width: c.w - 4, align: c.align }))
    y += height + 6
    doc.save().moveTo(MARGIN, y - 3).lineTo(right, y - 3).lineWidth(0.5).stroke(RULE).restore()
  }

  // Totals, then how to pay: kept together on one page.
  if (y + 190 > A4.height - MARGIN - 20) {
    doc.addPage()
    y = MARGIN
  }
  y += 8
  const totals: [string, string, boolean][] = [
    ['Subtotal excl. VAT', formatRand(invoice.subtotalCents), false],
    ['VAT', formatRand(invoice.vatCents), false],
    ['Total incl. VAT', formatRand(invoice.totalCents), true],
    [creditNote ? 'Applied to account' : `Amount paid (as at ${date(model.asAt)})`, formatRand(invoice.amountPaidCents), false],
    ['Amount due', formatRand(invoice.amountDueCents), true],
  ]
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(strong ? 10 : 9).fillColor(INK)
    doc.text(label, right - 290, y, { width: 180, align: 'right' })
    doc.text(value, right - 100, y, { width: 100, align: 'right' })
    y += strong ? 16 : 13
  }

  if (!creditNote) {
    y += 14
    doc.save().rect(MARGIN, y, width, 78).lineWidth(0.75).stroke(RULE).restore()
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(9.5).text('How to pay (EFT)', MARGIN + 10, y + 8)
    doc.font('Helvetica').fontSize(8.5)
    const bank = company.bank
    const rows: [string, string][] = [
      ['Bank', bank.bankName],
      ['Account name', bank.accountName],
      ['Account number', `${bank.accountNumber} (${bank.accountType})`],
      ['Branch code', bank.branchCode],
    ]
    let by = y + 22
    for (const [label, value] of rows) {
      doc.fillColor(MUTED).text(label, MARGIN + 10, by, { width: 90 })
      doc.fillColor(INK).text(value, MARGIN + 100, by, { width: 180 })
      by += 11.5
    }
    doc.fillColor(MUTED).text('Payment reference', MARGIN + 300, y + 22, { width: 180 })
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(13).text(invoice.number, MARGIN + 300, y + 34, { width: 180 })
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text('Use this reference so your payment is allocated to this invoice.', MARGIN + 300, y + 52, { width: 180 })
    y += 90
  }

  if (invoice.status === 'void') {
    const range = doc.bufferedPageRange()
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i)
      doc.save().rotate(-30, { origin: [A4.width / 2, A4.height / 2] })
      doc.fillColor('#cc0000').fillOpacity(0.18).font('Helvetica-Bold').fontSize(110).text('VOID', 0, A4.height / 2 - 60, { width: A4.width, align: 'center', lineBreak: false })
      doc.restore()
    }
  }

  // Page numbers on every page.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.fillColor(MUTED).fillOpacity(1).font('Helvetica').fontSize(7.5)
    doc.text(`${company.name}  |  VAT ${company.vatNumber}  |  ${invoice.number}`, MARGIN, A4.height - MARGIN + 10, { width: width / 2, lineBreak: false })
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN + width / 2, A4.height - MARGIN + 10, { width: width / 2, align: 'right', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

