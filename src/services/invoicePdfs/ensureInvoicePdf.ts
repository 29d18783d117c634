import { createLocalReq, type Payload, type PayloadRequest, type SanitizedCollectionConfig } from 'payload'
import { sql } from 'drizzle-orm'

import { INVOICE_PDFS, type InvoicePdfVariant } from '../../collections/InvoicePdfs'
import { INPUT_RULE_HOOKS } from '../../collections/fieldRules'
import { sastDateOf } from '../../domain/calendarDate'
import type { InvoiceLine } from '../../domain/invoiceLines'
import { getConfig } from '../../lib/config'
import type { Customer, Invoice, InvoicePdf } from '../../payload-types'
import { refuse, ok, type Result } from '../result'
import { transactionSql } from '../transactionSql'
import { withTransaction } from '../withTransaction'
import { renderInvoicePdf, type CompanyDetails, type InvoicePdfModel } from './renderInvoicePdf'

export type EnsurePdfRefusal = 'INVOICE_NOT_FOUND' | 'INVOICE_NOT_ISSUED'

/**
 * The document an invoice in this status should have: as issued; once paid in full, a copy that
 * says so (amount due R 0.00); a voided one stamped VOID. Rendered when first asked for, so a
 * download after the payment gets the paid copy. (Part payments show on the portal, live.)
 */
export const variantFor = (invoice: Pick<Invoice, 'status'>): InvoicePdfVariant =>
  invoice.status === 'void' ? 'void' : invoice.status === 'paid' ? 'paid' : 'issued'

/**
 * The stored PDF of an issued invoice, rendering and storing it first if it is not there yet.
 * Idempotent and safe to run concurrently: the unique (invoice, variant) index lets exactly one
 * render be stored, and a loser of that race returns the winner's document. Used by the render job
 * (queued when an invoice is issued or voided) and by the download endpoints (so a download never
 * waits on the job runner). Reads as the system; callers check who may see the invoice first.
 *
 * Lean by design (a month's 12,000 invoices go through here): one query reads the invoice, its
 * lines, its customer, what it credits and its stored document; the document is stored with one
 * insert in a transaction that also puts the file where the collection's storage plugin puts it
 * (its own afterChange hook, the one Payload's create would run), then commits. Payload's create
 * cost three times the render itself (validation, every field's hooks, a filename search, the
 * reads back). Whatever the lean writer does not know (a field added to the collection, a file
 * name taken by another document) goes through Payload's create as before.
 */
export async function ensureInvoicePdf(
  payload: Payload,
  invoiceId: number,
  opts: { now?: Date; company?: CompanyDetails; req?: PayloadRequest } = {},
): Promise<Result<InvoicePdf, EnsurePdfRefusal>> {
  const req = opts.req ?? (await createLocalReq({}, payload))
  const facts = await readInvoiceForPdf(req, invoiceId)
  if (!facts) return refuse('INVOICE_NOT_FOUND', `No invoice ${invoiceId}`)
  if (facts.status === 'draft' || !facts.invoiceNumber) return refuse('INVOICE_NOT_ISSUED', 'A draft invoice has no PDF until it is issued')
  const variant = variantFor(facts)
  if (facts.stored) return ok(pdfDoc(payload, facts.stored))

  const now = opts.now ?? new Date()
  const model = modelFromFacts(facts, { now, company: opts.company ?? getConfig().company })
  const pdf = await renderInvoicePdf(model)
  const filename = `${facts.invoiceNumber}${variant === 'issued' ? '' : `-${variant}`}.pdf`
  const data = { invoice: facts.id, customer: facts.customerId, variant, renderedAt: now.toISOString() }

  if (leanWriterFits(payload) && SAFE_FILENAME.test(filename)) {
    const stored = await storeLean(req, { ...data, filename, pdf })
    if (stored) return ok(stored)
    // Nothing inserted: another render stored this document first (or, rarely, another document
    // holds the file name, which Payload's create below resolves by picking another name).
    const winner = await findPdf(req, facts.id, variant)
    if (winner) return ok(winner)
  }
  try {
    const created = await payload.create({
      collection: INVOICE_PDFS,
      data,
      file: { data: pdf, mimetype: 'application/pdf', name: filename, size: pdf.length },
      overrideAccess: true,
      depth: 0,
      req: opts.req,
    })
    return ok(created)
  } catch (err) {
    // Someone else stored it first (the unique index said so): theirs is as good as ours.
    const winner = await findPdf(req, facts.id, variant)
    if (winner) return ok(winner)
    throw err
  }
}

/** What the lean path reads of an invoice in one query (numbers as numbers, instants as ISO strings, as Payload returns them). */
export type InvoicePdfFacts = {
  id: number
  invoiceNumber: string | null
  status: Invoice['status']
  kind: Invoice['kind']
  customerId: number
  invoiceDate: string
  dueDate: string
  periodStart: string | null
  periodEnd: string | null
  subtotalCents: number | null
  vatCents: number | null
  totalCents: number | null
  amountPaidCents: number | null
  amountDueCents: number | null
  creditedInvoiceNumber: string | null
  lines: InvoiceLine[]
  customer: {
    displayName: string | null
    firstName: string | null
    lastName: string | null
    accountNumber: string | null
    email: string | null
    postalAddress: { line1: string | null; line2: string | null; suburb: string | null; city: string | null; postalCode: string | null; province: string | null }
  } | null
  /** The stored document of the variant the invoice's status calls for, if there is one. */
  stored: PdfRow | null
}

type PdfRow = {
  id: number
  invoice_id: number
  customer_id: number
  variant: InvoicePdfVariant
  rendered_at: string
  updated_at: string
  created_at: string
  _objectkey: string | null
  thumbnail_u_r_l: string | null
  filename: string | null
  mime_type: string | null
  filesize: number | null
  width: number | null
  height: number | null
  focal_x: number | null
  focal_y: number | null
}

const iso = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString())
const num = (v: unknown): number | null => (v == null ? null : Number(v))

/** The columns of a stored document, typed as Payload reads them (`p.` is the table's alias, or nothing). */
const pdfColumns = (p: 'p.' | '') =>
  sql.raw(
    `${p}id, ${p}invoice_id, ${p}customer_id, ${p}variant, ${p}rendered_at, ${p}updated_at, ${p}created_at, ${p}_objectkey, ${p}thumbnail_u_r_l, ` +
      `${p}filename, ${p}mime_type, ${p}filesize::float8 AS filesize, ${p}width::float8 AS width, ${p}height::float8 AS height, ` +
      `${p}focal_x::float8 AS focal_x, ${p}focal_y::float8 AS focal_y`,
  )

/** The invoice, its lines in order, its customer, the number of what it credits, and its stored document: one statement. */
export async function readInvoiceForPdf(req: PayloadRequest, invoiceId: number): Promise<InvoicePdfFacts | null> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`
    SELECT i.id, i.invoice_number, i.status::text AS status, i.kind::text AS kind, i.customer_id, i.invoice_date, i.due_date, i.period_start, i.period_end,
           i.subtotal_cents::float8 AS subtotal_cents, i.vat_cents::float8 AS vat_cents, i.total_cents::float8 AS total_cents,
           i.amount_paid_cents::float8 AS amount_paid_cents, i.amount_due_cents::float8 AS amount_due_cents,
           cr.invoice_number AS credited_invoice_number,
           c.id AS c_id, c.display_name, c.first_name, c.last_name, c.account_number, c.email,
           c.postal_address_line1, c.postal_address_line2, c.postal_address_suburb, c.postal_address_city, c.postal_address_postal_code,
           c.postal_address_province::text AS postal_address_province,
           (SELECT coalesce(json_agg(json_build_object(
                     'description', l.description, 'kind', l.kind, 'quantity', l.quantity::float8, 'unitPriceCents', l.unit_price_cents::float8,
                     'exclVatCents', l.excl_vat_cents::float8, 'vatRateBasisPoints', l.vat_rate_basis_points::float8,
                     'vatCents', l.vat_cents::float8, 'inclVatCents', l.incl_vat_cents::float8) ORDER BY l._order), '[]'::json)
              FROM invoices_lines l WHERE l._parent_id = i.id) AS lines,
           (SELECT row_to_json(s) FROM (SELECT ${pdfColumns('p.')} FROM invoice_pdfs p
              WHERE p.invoice_id = i.id
                AND p.variant::text = (CASE i.status::text WHEN 'void' THEN 'void' WHEN 'paid' THEN 'paid' ELSE 'issued' END)) s) AS stored
      FROM invoices i
      LEFT JOIN customers c ON c.id = i.customer_id
      LEFT JOIN invoices cr ON cr.id = i.credited_invoice_id
     WHERE i.id = ${invoiceId}`)
  const r = rows[0] as Record<string, any> | undefined
  if (!r) return null
  return {
    id: Number(r.id),
    invoiceNumber: r.invoice_number ?? null,
    status: r.status,
    kind: r.kind,
    customerId: Number(r.customer_id),
    invoiceDate: iso(r.invoice_date)!,
    dueDate: iso(r.due_date)!,
    periodStart: iso(r.period_start),
    periodEnd: iso(r.period_end),
    subtotalCents: num(r.subtotal_cents),
    vatCents: num(r.vat_cents),
    totalCents: num(r.total_cents),
    amountPaidCents: num(r.amount_paid_cents),
    amountDueCents: num(r.amount_due_cents),
    creditedInvoiceNumber: r.credited_invoice_number ?? null,
    lines: r.lines as InvoiceLine[],
    customer:
      r.c_id == null
        ? null
        : {
            displayName: r.display_name,
            firstName: r.first_name,
            lastName: r.last_name,
            accountNumber: r.account_number,
            email: r.email,
            postalAddress: {
              line1: r.postal_address_line1,
              line2: r.postal_address_line2,
              suburb: r.postal_address_suburb,
              city: r.postal_address_city,
              postalCode: r.postal_address_postal_code,
              province: r.postal_address_province,
            },
          },
    stored: r.stored ? pdfRow(r.stored) : null,
  }
}

const pdfRow = (s: Record<string, any>): PdfRow => ({
  ...(s as PdfRow),
  id: Number(s.id),
  invoice_id: Number(s.invoice_id),
  customer_id: Number(s.customer_id),
  rendered_at: iso(s.rendered_at)!,
  updated_at: iso(s.updated_at)!,
  created_at: iso(s.created_at)!,
  filesize: num(s.filesize),
  width: num(s.width),
  height: num(s.height),
  focal_x: num(s.focal_x),
  focal_y: num(s.focal_y),
})

/** A stored row as Payload's read at depth 0 returns it (the url as the upload field's afterRead makes it). */
function pdfDoc(payload: Payload, row: PdfRow): InvoicePdf {
  return {
    id: row.id,
    invoice: row.invoice_id,
    customer: row.customer_id,
    variant: row.variant,
    renderedAt: row.rendered_at,
    updatedAt: row.updated_at,
    createdAt: row.created_at,
    _objectKey: row._objectkey,
    url: row.filename ? fileUrl(payload, row.filename, false) : null,
    thumbnailURL: row.thumbnail_u_r_l,
    filename: row.filename,
    mimeType: row.mime_type,
    filesize: row.filesize,
    width: row.width,
    height: row.height,
    focalX: row.focal_x,
    focalY: row.focal_y,
  }
}

/** Where Payload's upload fields say a file is served: stored relative, read back absolute. */
const fileUrl = (payload: Payload, filename: string, relative: boolean) =>
  `${relative ? '' : (payload.config.serverURL ?? '')}${payload.config.routes?.api ?? '/api'}/${INVOICE_PDFS}/file/${encodeURIComponent(filename)}`

async function findPdf(req: PayloadRequest, invoiceId: number, variant: InvoicePdfVariant): Promise<InvoicePdf | null> {
  const db = await transactionSql(req)
  const { rows } = await db.execute(sql`SELECT ${pdfColumns('p.')} FROM invoice_pdfs p WHERE p.invoice_id = ${invoiceId} AND p.variant::text = ${variant}`)
  return rows[0] ? pdfDoc(req.payload, pdfRow(rows[0] as Record<string, any>)) : null
}

/** Invoice numbers make file names Payload would keep as they are (its sanitising changes nothing in these). */
const SAFE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$/

/**
 * The fields the lean writer fills, exactly the collection's today: its own four, Payload's upload
 * fields and the storage plugin's object key. Any other field (a prefix, a new column) sends every
 * store back through Payload's create until the writer knows it.
 */
const LEAN_FIELDS = new Set([
  'id', 'invoice', 'customer', 'variant', 'renderedAt', 'updatedAt', 'createdAt', '_objectKey',
  'url', 'thumbnailURL', 'filename', 'mimeType', 'filesize', 'width', 'height', 'focalX', 'focalY',
])

/** Fields whose hooks Payload's upload and the storage plugin give the collection (read-side URLs, which pdfDoc builds the same way). */
const UPLOAD_HOOKED_FIELDS = new Set(['url', 'thumbnailURL'])
/** The storage plugin's own beforeChange hooks (prefix normalising and keeping req.file), which change nothing here (no prefix field). */
const STORAGE_PLUGIN_BEFORE_CHANGE = 2

const hasHooks = (field: { hooks?: Record<string, unknown> }) =>
  Object.values(field.hooks ?? {}).some((list) => Array.isArray(list) && list.length > 0)

const misfitsOf = new WeakMap<SanitizedCollectionConfig, string[]>()
/**
 * What the lean writer would not do that Payload's create does for this collection: nothing, or
 * the reasons every store goes through create instead (a test insists on nothing, so a change to
 * the collection cannot quietly make every store slow, nor make the lean one skip a rule).
 */
export function leanWriterMisfits(payload: Payload): string[] {
  const collection = payload.collections[INVOICE_PDFS].config
  let misfits = misfitsOf.get(collection)
  if (misfits === undefined) {
    const upload = collection.upload
    const hooks = collection.hooks
    misfits = [
      ...collection.flattenedFields.filter((f) => !LEAN_FIELDS.has(f.name)).map((f) => `field ${f.name} is not one the writer fills`),
      ...collection.flattenedFields
        .filter((f) => !UPLOAD_HOOKED_FIELDS.has(f.name) && hasHooks(f as { hooks?: Record<string, unknown> }))
        .map((f) => `field ${f.name} has hooks`),
      ...(hooks.beforeChange.length > STORAGE_PLUGIN_BEFORE_CHANGE ? [`${hooks.beforeChange.length} beforeChange hooks`] : []),
      ...((hooks.beforeOperation ?? []).some((h) => !INPUT_RULE_HOOKS.has(h)) ? ['a beforeOperation hook'] : []),
      ...(hooks.afterOperation?.length ? ['an afterOperation hook'] : []),
      ...(hooks.beforeValidate.length ? ['a beforeValidate hook'] : []),
      ...(hooks.afterRead.length ? ['an afterRead hook'] : []),
      // No image sizes, resizing or versions: a PDF is one file, written once.
      ...(upload.imageSizes?.length ? ['image sizes'] : []),
      ...(collection.versions ? ['versions'] : []),
    ]
    misfitsOf.set(collection, misfits)
  }
  return misfits
}

const leanWriterFits = (payload: Payload) => leanWriterMisfits(payload).length === 0

/**
 * Inserts the document's row and puts its file in storage, in one transaction: the insert first
 * (a concurrent render of the same document waits on the unique index, then finds ours), then
 * the collection's afterChange hooks as Payload's create runs them, which is where the storage
 * plugin writes the file through its adapter (local disk or S3, as configured), then the commit.
 * A failed upload rolls the row back. Returns null when a row was already there.
 */
async function storeLean(
  req: PayloadRequest,
  doc: { invoice: number; customer: number; variant: InvoicePdfVariant; renderedAt: string; filename: string; pdf: Buffer },
): Promise<InvoicePdf | null> {
  const payload = req.payload
  const collection = payload.collections[INVOICE_PDFS].config
  return withTransaction(req, async (tx) => {
    const db = await transactionSql(tx)
    const { rows } = await db.execute(sql`
      INSERT INTO invoice_pdfs (invoice_id, customer_id, variant, rendered_at, url, filename, mime_type, filesize, updated_at, created_at)
      VALUES (${doc.invoice}, ${doc.customer}, ${doc.variant}, ${doc.renderedAt}::timestamptz, ${fileUrl(payload, doc.filename, true)},
              ${doc.filename}, 'application/pdf', ${doc.pdf.length}, now(), now())
      ON CONFLICT DO NOTHING
      RETURNING ${pdfColumns('')}`)
    if (rows.length === 0) return null
    const created = pdfDoc(payload, pdfRow(rows[0] as Record<string, any>))
    // The file as Payload hands it to the storage plugin's hook (req.file, the document's name and type).
    const hookReq = Object.assign(Object.create(Object.getPrototypeOf(tx)), tx, {
      file: { data: doc.pdf, mimetype: 'application/pdf', name: doc.filename, size: doc.pdf.length },
      context: { ...(tx.context ?? {}) },
    }) as PayloadRequest
    let result: InvoicePdf = created
    for (const hook of collection.hooks.afterChange) {
      result =
        ((await hook({ collection, context: hookReq.context, data: created, doc: result, operation: 'create', previousDoc: undefined as never, req: hookReq })) as
          | InvoicePdf
          | undefined) ?? result
    }
    return result
  })
}

const customerId = (invoice: Invoice) => (typeof invoice.customer === 'object' ? invoice.customer.id : invoice.customer)

/** The document's model from what readInvoiceForPdf read (the same model invoicePdfModel builds from Payload's reads). */
export function modelFromFacts(facts: InvoicePdfFacts, opts: { now: Date; company: CompanyDetails }): InvoicePdfModel {
  if (!facts.customer) throw new Error(`invoice ${facts.id}: its customer ${facts.customerId} was not found`)
  const c = facts.customer
  return buildModel(
    {
      name: c.displayName || [c.firstName, c.lastName].filter(Boolean).join(' '),
      accountNumber: c.accountNumber ?? '',
      address: addressLines(c.postalAddress),
      email: c.email ?? undefined,
    },
    {
      invoiceNumber: facts.invoiceNumber!,
      kind: facts.kind,
      status: facts.status,
      invoiceDate: facts.invoiceDate,
      dueDate: facts.dueDate,
      periodStart: facts.periodStart,
      periodEnd: facts.periodEnd,
      creditedInvoiceNumber: facts.creditedInvoiceNumber,
      lines: facts.lines,
      subtotalCents: facts.subtotalCents,
      vatCents: facts.vatCents,
      totalCents: facts.totalCents,
      amountPaidCents: facts.amountPaidCents,
      amountDueCents: facts.amountDueCents,
    },
    opts,
  )
}

/** Reads what the document shows through Payload: the invoice, its customer and, for a credit note, what it credits. */
export async function invoicePdfModel(
  payload: Payload,
  invoice: Invoice,
  opts: { now: Date; company: CompanyDetails; req?: PayloadRequest },
): Promise<InvoicePdfModel> {
  const customer: Customer = await payload.findByID({ collection: 'customers', id: customerId(invoice), depth: 0, overrideAccess: true, req: opts.req })
  const creditedId = typeof invoice.creditedInvoice === 'object' ? invoice.creditedInvoice?.id : invoice.creditedInvoice
  const credited = creditedId
    ? await payload.findByID({ collection: 'invoices', id: creditedId, depth: 0, overrideAccess: true, disableErrors: true, req: opts.req })
    : null
  return buildModel(
    {
      name: customer.displayName || [customer.firstName, customer.lastName].filter(Boolean).join(' '),
      accountNumber: customer.accountNumber ?? '',
      address: addressLines(customer.postalAddress),
      email: customer.email,
    },
    {
      invoiceNumber: invoice.invoiceNumber!,
      kind: invoice.kind,
      status: invoice.status,
      invoiceDate: invoice.invoiceDate,
      dueDate: invoice.dueDate,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      creditedInvoiceNumber: credited?.invoiceNumber,
      lines: invoice.lines.map((l) => ({
        description: l.description,
        kind: l.kind,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        exclVatCents: l.exclVatCents,
        vatRateBasisPoints: l.vatRateBasisPoints,
        vatCents: l.vatCents,
        inclVatCents: l.inclVatCents,
      })) as InvoiceLine[],
      subtotalCents: invoice.subtotalCents,
      vatCents: invoice.vatCents,
      totalCents: invoice.totalCents,
      amountPaidCents: invoice.amountPaidCents,
      amountDueCents: invoice.amountDueCents,
    },
    opts,
  )
}

type Address = { line1?: string | null; line2?: string | null; suburb?: string | null; city?: string | null; postalCode?: string | null; province?: string | null } | null | undefined

const addressLines = (a: Address): string[] =>
  [a?.line1, a?.line2, a?.suburb, [a?.city, a?.postalCode].filter(Boolean).join(' '), a?.province].filter((l): l is string => Boolean(l && l.trim()))

function buildModel(
  customer: InvoicePdfModel['customer'],
  i: {
    invoiceNumber: string
    kind: string
    status: string
    invoiceDate: string
    dueDate: string
    periodStart?: string | null
    periodEnd?: string | null
    creditedInvoiceNumber?: string | null
    lines: InvoiceLine[]
    subtotalCents?: number | null
    vatCents?: number | null
    totalCents?: number | null
    amountPaidCents?: number | null
    amountDueCents?: number | null
  },
  opts: { now: Date; company: CompanyDetails },
): InvoicePdfModel {
  return {
    company: opts.company,
    customer,
    invoice: {
      number: i.invoiceNumber,
      kind: i.kind,
      status: i.status,
      invoiceDate: sastDateOf(i.invoiceDate),
      dueDate: sastDateOf(i.dueDate),
      periodStart: i.periodStart ? sastDateOf(i.periodStart) : undefined,
      periodEnd: i.periodEnd ? sastDateOf(i.periodEnd) : undefined,
      creditedInvoiceNumber: i.creditedInvoiceNumber ?? undefined,
      lines: i.lines,
      subtotalCents: i.subtotalCents ?? 0,
      vatCents: i.vatCents ?? 0,
      totalCents: i.totalCents ?? 0,
      amountPaidCents: i.amountPaidCents ?? 0,
      amountDueCents: i.amountDueCents ?? 0,
    },
    asAt: sastDateOf(opts.now),
  }
}
