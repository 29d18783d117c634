import fs from 'node:fs'

import type { AppConfig } from '../../lib/config'

/** The company on every document we print: invoices, credit notes, statements. */
export type CompanyDetails = AppConfig['company']

/** The page and colours our documents share. */
export const A4 = { width: 595.28, height: 841.89 }
export const MARGIN = 50
export const INK = '#1a1a1a'
export const MUTED = '#666666'
export const RULE = '#cccccc'
export const ACCENT = '#0b5cad'

/**
 * The letterhead, top left: the logo (or the company's initials in a disc when there is none, or
 * it cannot be read: a document must never fail for its logo), name, address, VAT number and
 * contact. Returns where it ends.
 */
export function drawLetterhead(doc: PDFKit.PDFDocument, company: CompanyDetails): number {
  let logoDrawn = false
  if (company.logoPath && fs.existsSync(company.logoPath)) {
    try {
      doc.image(company.logoPath, MARGIN, MARGIN, { fit: [120, 50] })
      logoDrawn = true
    } catch {
      // fall back to the drawn mark below
    }
  }
  if (!logoDrawn) {
    doc.save().circle(MARGIN + 18, MARGIN + 18, 18).fill(ACCENT).restore()
    doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(14).text(initials(company.name), MARGIN, MARGIN + 11, { width: 36, align: 'center' })
  }
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(12).text(company.name, MARGIN, MARGIN + 58)
  doc.font('Helvetica').fontSize(8.5).fillColor(MUTED)
  for (const line of company.address) doc.text(line)
  doc.text(`VAT number: ${company.vatNumber}`)
  if (company.registrationNumber) doc.text(`Registration: ${company.registrationNumber}`)
  doc.text(`${company.email}  |  ${company.phone}`)
  return doc.y
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter((w) => /^[A-Za-z]/.test(w) && !/^(pty|ltd|\(pty\))$/i.test(w))
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || 'ISP'
  )
}
