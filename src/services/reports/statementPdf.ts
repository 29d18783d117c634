import PDFDocument from 'pdfkit'

import type { CalendarDate } from '../../domain/calendarDate'
import { formatDate, formatRand } from '../../domain/display'
import { A4, ACCENT, drawLetterhead, INK, MARGIN, MUTED, RULE, type CompanyDetails } from '../invoicePdfs/letterhead'
import type { CustomerStatement } from './statement'

export type StatementPdfModel = {
  company: CompanyDetails
  statement: CustomerStatement
  /** The day the statement is produced. */
  asAt: CalendarDate
}

// The invoice PDF's page and palette (src/services/invoicePdfs/renderInvoicePdf.ts), so the two read as one set.
const HEADER_FILL = '#eef3f9'
/** Rows stop here; the footer sits below. */
const TABLE_BOTTOM = A4.height - MARGIN - 24

/**
 * Renders a customer statement as an A4 PDF with pdfkit's built-in Helvetica, in the invoice's
 * look: company (logo or initials, VAT number, contact), the customer and their address, account
 * number, statement date and period; a summary (opening, debits, credits, closing); then a table of
 * date, description, debit, credit and running balance between an opening and a closing line. A
 * long statement runs over pages, each repeating the table header; every page says "Page n of m".
 * Deterministic for a given model (fixed metadata dates).
 */
export async function renderStatementPdf(model: StatementPdfModel): Promise<Buffer> {
  const { company, statement, asAt } = model
  const { customer } = statement
  const period = `${formatDate(statement.from)} to ${formatDate(statement.to)}`
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Statement ${customer.accountNumber} ${statement.from} to ${statement.to}`,
      Author: company.name,
      Subject: `${customer.name} (${customer.accountNumber})`,
      CreationDate: new Date(`${asAt}T00:00:00+02:00`),
      ModDate: new Date(`${asAt}T00:00:00+02:00`),
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
  doc.fillColor(ACCENT).font('Helvetica-Bold').fontSize(20).text('STATEMENT', MARGIN, MARGIN, { width, align: 'right' })
  doc.fillColor(INK).font('Helvetica').fontSize(9)
  const facts: [string, string][] = [
    ['Account number', customer.accountNumber],
    ['Statement date', formatDate(asAt)],
    ['Period', period],
    [statement.closingBalanceCents < 0 ? 'In credit' : 'Balance owing', formatRand(Math.abs(statement.closingBalanceCents))],
  ]
  let y = MARGIN + 30
  for (const [label, value] of facts) {
    doc.fillColor(MUTED).text(label, right - 250, y, { width: 90, align: 'left' })
    doc.fillColor(INK).font('Helvetica-Bold').text(value, right - 160, y, { width: 160, align: 'right' })
    doc.font('Helvetica')
    y += 13
  }

  // Statement for.
  y = Math.max(companyBottom, y) + 18
  doc.fillColor(MUTED).fontSize(8).text('STATEMENT FOR', MARGIN, y)
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(10.5).text(customer.name, MARGIN, y + 11)
  doc.font('Helvetica').fontSize(9)
  for (const line of customer.address) doc.text(line)
  y = doc.y + 16

  // Summary: four figures side by side.
  const summary: [string, number][] = [
    [`Opening balance (${formatDate(statement.from)})`, statement.openingBalanceCents],
    ['Debits', statement.totalDebitCents],
    ['Credits', statement.totalCreditCents],
    [`Closing balance (${formatDate(statement.to)})`, statement.closingBalanceCents],
  ]
  const box = width / summary.length
  doc.save().rect(MARGIN, y, width, 38).lineWidth(0.75).stroke(RULE).restore()
  summary.forEach(([label, cents], i) => {
    const x = MARGIN + i * box
    doc.fillColor(MUTED).font('Helvetica').fontSize(7.5).text(label, x + 8, y + 7, { width: box - 16 })
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(10.5).text(formatRand(cents), x + 8, y + 20, { width: box - 16 })
  })
  y += 52

  // The table.
  const cols = [
    { label: 'Date', x: MARGIN, w: 66, align: 'left' as const },
    { label: 'Description', x: MARGIN + 66, w: 190, align: 'left' as const },
    { label: 'Debit', x: MARGIN + 256, w: 78, align: 'right' as const },
    { label: 'Credit', x: MARGIN + 334, w: 78, align: 'right' as const },
    { label: 'Balance', x: MARGIN + 412, w: width - 412, align: 'right' as const },
  ]
  const tableHeader = () => {
    doc.save().rect(MARGIN, y - 4, width, 18).fill(HEADER_FILL).restore()
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(8.5)
    for (const c of cols) doc.text(c.label, c.x + 2, y, { width: c.w - 4, align: c.align })
    doc.font('Helvetica')
    y += 20
  }
  const row = (cells: string[], strong = false) => {
    doc.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5)
    const height = Math.max(doc.heightOfString(cells[1], { width: cols[1].w - 4 }), 11)
    if (y + height > TABLE_BOTTOM) {
      doc.addPage()
      y = MARGIN
      doc.fillColor(MUTED).font('Helvetica').fontSize(8).text(`Statement for ${customer.name} (${customer.accountNumber}), ${period}, continued`, MARGIN, y)
      y += 18
      tableHeader()
      doc.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5)
    }
    doc.fillColor(INK)
    cols.forEach((c, i) => doc.text(cells[i], c.x + 2, y, { width: c.w - 4, align: c.align }))
    y += height + 6
    doc.save().moveTo(MARGIN, y - 3).lineTo(right, y - 3).lineWidth(0.5).stroke(RULE).restore()
  }
  const money = (cents: number) => (cents === 0 ? '' : formatRand(cents))

  tableHeader()
  row([formatDate(statement.from), 'Opening balance', '', '', formatRand(statement.openingBalanceCents)], true)
  if (statement.lines.length === 0) row(['', 'No transactions in this period', '', '', ''])
  for (const line of statement.lines) {
    row([formatDate(line.date), line.description, money(line.debitCents), money(line.creditCents), formatRand(line.balanceCents)])
  }
  row([formatDate(statement.to), 'Closing balance', formatRand(statement.totalDebitCents), formatRand(statement.totalCreditCents), formatRand(statement.closingBalanceCents)], true)

  if (y + 40 > TABLE_BOTTOM) {
    doc.addPage()
    y = MARGIN
  }
  doc.fillColor(MUTED).font('Helvetica').fontSize(8)
  doc.text(`A negative balance is credit in your favour. Questions about this statement: ${company.email} or ${company.phone}.`, MARGIN, y + 8, { width })

  // Page numbers on every page.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.fillColor(MUTED).font('Helvetica').fontSize(7.5)
    doc.text(`${company.name}  |  VAT ${company.vatNumber}  |  ${customer.accountNumber}`, MARGIN, A4.height - MARGIN + 10, { width: width / 2, lineBreak: false })
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN + width / 2, A4.height - MARGIN + 10, { width: width / 2, align: 'right', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

