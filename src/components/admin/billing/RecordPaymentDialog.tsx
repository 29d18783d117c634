'use client'

import { useRouter } from 'next/navigation'
import { useId, useMemo, useState } from 'react'

import { formatRand } from '../../../domain/display'
import { isCalendarDate } from '../../../domain/calendarDate'
import { parseRand, randForInput } from '../../../domain/randInput'
import { shortDate, todaySast, useRoutes } from '../lifecycle/api'
import { BillingModal, ErrorBanner, Field, FormActions, inputStyle, mutedStyle, OutcomeModal, panelBoxStyle, SuccessBox, useBillingCommand } from './dialog'
import { describePayment, invoiceName, planPayment, type OpenInvoice } from './paymentEffect'
import { useOpenInvoices } from './useOpenInvoices'
import { DayPicker } from '../fields/DayPicker'

/**
 * Records money a customer paid outside the gateway: an EFT on the bank statement, cash at the
 * counter, a card-terminal slip. The reference is the payment's identity, so the same slip
 * entered twice is one payment.
 */

const CHANNELS = [
  { value: 'eft', label: 'EFT', reference: 'Bank statement reference' },
  { value: 'cash', label: 'Cash', reference: 'Receipt number' },
  { value: 'card_terminal', label: 'Card terminal', reference: 'Terminal slip number' },
] as const
type Channel = (typeof CHANNELS)[number]['value']

const SHOWN_FIELDS = ['amountCents', 'channel', 'reference', 'receivedOn', 'invoiceId', 'notes'] as const

/** Today in Johannesburg as `YYYY-MM-DD`, whatever the browser's zone. */

type PaymentAnswer = {
  allocations: { invoiceId: number; amountCents: number }[]
  creditCents: number
  alreadyRecorded: boolean
}

export type RecordPaymentDialogProps = {
  customerId: number
  /** Opened from an invoice: that invoice, paid first, its amount due prefilled. */
  invoice?: OpenInvoice
  onClose: () => void
}

export function RecordPaymentDialog({ customerId, invoice, onClose }: RecordPaymentDialogProps) {
  const routes = useRoutes()
  const router = useRouter()
  const uid = useId()
  const command = useBillingCommand(SHOWN_FIELDS)
  const openInvoices = useOpenInvoices(customerId)
  const today = useMemo(todaySast, [])

  const [amountText, setAmountText] = useState(invoice && invoice.amountDueCents > 0 ? randForInput(invoice.amountDueCents) : '')
  const [amountTouched, setAmountTouched] = useState(false)
  const [channel, setChannel] = useState<Channel>('eft')
  const [reference, setReference] = useState('')
  const [receivedOn, setReceivedOn] = useState(today)
  const [invoiceChoice, setInvoiceChoice] = useState(invoice ? String(invoice.id) : '')
  const [notes, setNotes] = useState('')
  const [tried, setTried] = useState(false)
  const [answer, setAnswer] = useState<PaymentAnswer | null>(null)

  const known: OpenInvoice[] = useMemo(() => {
    const listed = openInvoices.state === 'ready' ? openInvoices.invoices : []
    // The invoice page's own figure is fresher than the overview's.
    return invoice ? [invoice, ...listed.filter((i) => i.id !== invoice.id)] : listed
  }, [openInvoices, invoice])

  const parsed = parseRand(amountText)
  const amountProblem = !parsed.ok ? parsed.message : parsed.cents === 0 ? 'A payment is more than R 0.00' : undefined
  const referenceProblem = reference.trim() === '' ? `Enter the ${CHANNELS.find((c) => c.value === channel)!.reference.toLowerCase()}` : undefined
  const dateProblem = !isCalendarDate(receivedOn)
    ? 'Enter the date the money was received'
    : receivedOn > today
      ? 'A payment is received today or earlier'
      : undefined

  const amountError = ((tried || amountTouched) && amountProblem) || command.fieldError('amountCents')
  const referenceError = (tried && referenceProblem) || command.fieldError('reference')
  const dateError = (tried && dateProblem) || command.fieldError('receivedOn')
  const preferredId = invoiceChoice ? Number(invoiceChoice) : undefined
  const channelSpec = CHANNELS.find((c) => c.value === channel)!

  async function submit() {
    setTried(true)
    if (amountProblem || referenceProblem || dateProblem || !parsed.ok) return
    const body: Record<string, unknown> = { amountCents: parsed.cents, channel, reference: reference.trim(), receivedOn }
    if (preferredId !== undefined) body.invoiceId = preferredId
    if (notes.trim()) body.notes = notes.trim()
    const result = await command.send<PaymentAnswer>(`${routes.api}/admin/customers/${customerId}/payments`, body)
    if (!result) return
    setAnswer(result)
    router.refresh()
  }

  const ids = { amount: `${uid}-amount`, channel: `${uid}-channel`, reference: `${uid}-reference`, date: `${uid}-date`, invoice: `${uid}-invoice`, notes: `${uid}-notes` }
  const nameOf = (id: number) => invoiceName(known.find((i) => i.id === id) ?? { id })

  if (answer) {
    return (
      <OutcomeModal title={answer.alreadyRecorded ? 'Already recorded' : 'Payment recorded'}>
        <SuccessBox>
          {answer.alreadyRecorded && <p style={{ margin: '0 0 calc(var(--base) * 0.4)', fontWeight: 600 }}>This slip was already recorded; nothing was added.</p>}
          <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
            {answer.allocations.map((a) => (
              <li key={a.invoiceId}>
                {formatRand(a.amountCents)} to {nameOf(a.invoiceId)}
              </li>
            ))}
            {answer.creditCents > 0 && <li>{formatRand(answer.creditCents)} kept as account credit</li>}
            {answer.allocations.length === 0 && answer.creditCents === 0 && <li>Nothing was allocated.</li>}
          </ul>
        </SuccessBox>
      </OutcomeModal>
    )
  }

  const preview = (() => {
    if (amountProblem || !parsed.ok) return 'Enter an amount to see what it pays.'
    const plan = planPayment(parsed.cents, known, preferredId)
    const sentence = describePayment(plan)
    // Without the customer's other open invoices the leftover may pay them rather than stay as credit.
    if (plan.creditCents > 0 && openInvoices.state !== 'ready') return `${sentence} (unless other open invoices take it, oldest first)`
    return sentence
  })()

  return (
    <BillingModal
      title={invoice ? `Record payment for ${invoiceName(invoice)}` : 'Record payment'}
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label="Record payment" busyLabel="Recording…" />}
    >
      <Field id={ids.amount} label="Amount received (R)" required error={amountError || undefined} hint="In rand, e.g. 1 234.56">
        {(control) => (
          <input
            {...control}
            data-autofocus
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            onBlur={() => {
              setAmountTouched(true)
              if (parsed.ok) setAmountText(randForInput(parsed.cents))
            }}
            disabled={command.submitting}
            style={{ ...inputStyle(!!amountError), maxWidth: '14rem' }}
          />
        )}
      </Field>

      <Field id={ids.channel} label="Paid by" required error={command.fieldError('channel')}>
        {(control) => (
          <select {...control} value={channel} onChange={(e) => setChannel(e.target.value as Channel)} disabled={command.submitting} style={{ ...inputStyle(false), maxWidth: '14rem' }}>
            {CHANNELS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Field id={ids.reference} label={channelSpec.reference} required error={referenceError || undefined} hint="The same reference recorded twice is one payment.">
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="off"
            maxLength={100}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            disabled={command.submitting}
            style={inputStyle(!!referenceError)}
          />
        )}
      </Field>

      <Field id={ids.date} label="Date received" required error={dateError || undefined}>
        {(control) => <DayPicker {...control} value={receivedOn} onChange={setReceivedOn} disabled={command.submitting} />}
      </Field>

      <Field
        id={ids.invoice}
        label="Pay first"
        error={command.fieldError('invoiceId')}
        hint={openInvoices.state === 'error' ? `Could not load the other open invoices: ${openInvoices.message}` : undefined}
      >
        {(control) => (
          <select {...control} value={invoiceChoice} onChange={(e) => setInvoiceChoice(e.target.value)} disabled={command.submitting} style={inputStyle(false)}>
            <option value="">Oldest unpaid first</option>
            {known.map((i) => (
              <option key={i.id} value={String(i.id)}>
                {invoiceName(i)} · {formatRand(i.amountDueCents)} due{i.dueDate ? ` ${shortDate(i.dueDate)}` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Field id={ids.notes} label="Notes" error={command.fieldError('notes')}>
        {(control) => (
          <textarea {...control} rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} disabled={command.submitting} style={{ ...inputStyle(false), resize: 'vertical' }} />
        )}
      </Field>

      <section style={panelBoxStyle} aria-labelledby={`${uid}-effect`}>
        <h3 id={`${uid}-effect`} style={{ margin: '0 0 calc(var(--base) * 0.3)', fontSize: '1em' }}>
          Effect
        </h3>
        <p style={mutedStyle} role="status" aria-live="polite">
          {openInvoices.state === 'loading' && !invoice ? 'Loading open invoices…' : preview}
        </p>
      </section>

      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}
