'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useId, useMemo, useState } from 'react'

import { isCalendarDate } from '../../../domain/calendarDate'
import { formatRand } from '../../../domain/display'
import { parseRand, randForInput } from '../../../domain/randInput'
import { apiFetch, todaySast, useRoutes } from '../lifecycle/api'
import { BillingModal, ErrorBanner, Field, FormActions, inputStyle, mutedStyle, OutcomeModal, panelBoxStyle, SuccessBox, useBillingCommand } from './dialog'
import { DayPicker } from '../fields/DayPicker'

/**
 * Pays account credit back to the customer: what is left of one payment (an overpayment, a
 * payment whose invoice was credited) or of one credit note. The clerk picks the source, the
 * amount (all that can go, by default), our transfer's reference and the day it was paid out; the
 * preview says what the customer gets and what credit stays.
 */

export type RefundSource = { source: 'payment' | 'credit_note'; id: number; reference: string; freeCents: number }
type Refundable = { creditCents: number; sources: RefundSource[] }
type RefundAnswer = { refund: { id: number; amountCents: number }; creditLeftCents: number; sourceLeftCents: number; alreadyRecorded: boolean }

const SHOWN_FIELDS = ['source', 'amountCents', 'reference', 'reason', 'refundedOn'] as const
const keyOf = (s: RefundSource) => `${s.source}:${s.id}`
const sourceName = (s: RefundSource) => (s.source === 'payment' ? `payment ${s.reference}` : `credit note ${s.reference}`)

type State = { state: 'loading' } | { state: 'ready'; refundable: Refundable } | { state: 'error'; message: string }

function useRefundable(customerId: number): State {
  const routes = useRoutes()
  const [state, setState] = useState<State>({ state: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    void apiFetch<{ refundable?: Refundable }>(`${routes.api}/admin/customers/${customerId}/billing`, { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      if (!res.ok) setState({ state: 'error', message: res.message })
      else setState({ state: 'ready', refundable: res.body?.refundable ?? { creditCents: 0, sources: [] } })
    })
    return () => controller.abort()
  }, [routes.api, customerId])
  return state
}

export function RefundCreditDialog({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const loaded = useRefundable(customerId)
  if (loaded.state !== 'ready' || loaded.refundable.creditCents <= 0 || loaded.refundable.sources.length === 0) {
    const message =
      loaded.state === 'loading'
        ? 'Loading the account credit…'
        : loaded.state === 'error'
          ? `Could not load the account credit: ${loaded.message}`
          : loaded.refundable.creditCents <= 0
            ? 'This account has no credit to refund: a refund pays back money the customer has in credit, never money an invoice was settled with.'
            : 'No payment or credit note has money left to refund.'
    return (
      <OutcomeModal title="Refund account credit" onClose={onClose} closeLabel="Close">
        <p style={mutedStyle} role="status">
          {message}
        </p>
      </OutcomeModal>
    )
  }
  return <RefundForm customerId={customerId} refundable={loaded.refundable} onClose={onClose} />
}

function RefundForm({ customerId, refundable, onClose }: { customerId: number; refundable: Refundable; onClose: () => void }) {
  const routes = useRoutes()
  const router = useRouter()
  const uid = useId()
  const command = useBillingCommand(SHOWN_FIELDS)
  const today = useMemo(todaySast, [])
  const { creditCents, sources } = refundable

  const [sourceKey, setSourceKey] = useState(keyOf(sources[0]))
  const source = sources.find((s) => keyOf(s) === sourceKey) ?? sources[0]
  const most = Math.min(source.freeCents, creditCents)
  const [amountText, setAmountText] = useState(randForInput(most))
  const [reference, setReference] = useState('')
  const [reason, setReason] = useState('')
  const [refundedOn, setRefundedOn] = useState(today)
  const [tried, setTried] = useState(false)
  const [answer, setAnswer] = useState<RefundAnswer | null>(null)

  const parsed = parseRand(amountText)
  const amountProblem = !parsed.ok
    ? parsed.message
    : parsed.cents === 0
      ? 'A refund is more than R 0.00'
      : parsed.cents > most
        ? `At most ${formatRand(most)} can be refunded from ${sourceName(source)}`
        : undefined
  const referenceProblem = reference.trim() === '' ? 'Enter the reference of the transfer to the customer' : undefined
  const reasonProblem = reason.trim() === '' ? 'Say why the money goes back' : undefined
  const dateProblem = !isCalendarDate(refundedOn) ? 'Enter the day the money was paid out' : refundedOn > today ? 'A refund is paid out today or earlier' : undefined

  const amountError = (tried && amountProblem) || command.fieldError('amountCents')
  const referenceError = (tried && referenceProblem) || command.fieldError('reference')
  const reasonError = (tried && reasonProblem) || command.fieldError('reason')
  const dateError = (tried && dateProblem) || command.fieldError('refundedOn')

  async function submit() {
    setTried(true)
    if (amountProblem || referenceProblem || reasonProblem || dateProblem || !parsed.ok) return
    const path = source.source === 'payment' ? `payments/${source.id}` : `invoices/${source.id}`
    const body = { amountCents: parsed.cents, reference: reference.trim(), reason: reason.trim(), refundedOn }
    const result = await command.send<RefundAnswer>(`${routes.api}/admin/${path}/refunds`, body)
    if (!result) return
    setAnswer(result)
    router.refresh()
  }

  if (answer) {
    return (
      <OutcomeModal title={answer.alreadyRecorded ? 'Already recorded' : 'Refund recorded'}>
        <SuccessBox>
          {answer.alreadyRecorded && <p style={{ margin: '0 0 calc(var(--base) * 0.4)', fontWeight: 600 }}>A refund with this reference was already recorded; nothing was added.</p>}
          <p style={{ margin: 0 }}>
            {formatRand(answer.refund.amountCents)} paid back from {sourceName(source)}. Account credit left: {formatRand(answer.creditLeftCents)}.
          </p>
        </SuccessBox>
      </OutcomeModal>
    )
  }

  const ids = { source: `${uid}-source`, amount: `${uid}-amount`, reference: `${uid}-reference`, reason: `${uid}-reason`, date: `${uid}-date` }
  const preview =
    amountProblem || !parsed.ok
      ? `Up to ${formatRand(most)} can go back from ${sourceName(source)}.`
      : `${formatRand(parsed.cents)} goes back to the customer from ${sourceName(source)}; ${creditCents - parsed.cents > 0 ? `the account keeps ${formatRand(creditCents - parsed.cents)} in credit` : 'the account has no credit left'}.`

  return (
    <BillingModal
      title="Refund account credit"
      busy={command.submitting}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={command.submitting} label="Record refund" busyLabel="Recording…" />}
    >
      <p style={{ ...panelBoxStyle, fontSize: '0.95em' }}>The account is {formatRand(creditCents)} in credit. Record the refund once the transfer to the customer has been made.</p>

      <Field id={ids.source} label="Refund from" required error={command.fieldError('source')}>
        {(control) => (
          <select
            {...control}
            data-autofocus
            value={sourceKey}
            onChange={(e) => {
              setSourceKey(e.target.value)
              const next = sources.find((s) => keyOf(s) === e.target.value)
              if (next) setAmountText(randForInput(Math.min(next.freeCents, creditCents)))
            }}
            disabled={command.submitting}
            style={inputStyle(false)}
          >
            {sources.map((s) => (
              <option key={keyOf(s)} value={keyOf(s)}>
                {s.source === 'payment' ? 'Payment' : 'Credit note'} {s.reference} · {formatRand(s.freeCents)} left
              </option>
            ))}
          </select>
        )}
      </Field>

      <Field id={ids.amount} label="Amount to refund (R)" required error={amountError || undefined} hint={`At most ${formatRand(most)}`}>
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            onBlur={() => parsed.ok && setAmountText(randForInput(parsed.cents))}
            disabled={command.submitting}
            style={{ ...inputStyle(!!amountError), maxWidth: '14rem' }}
          />
        )}
      </Field>

      <Field id={ids.reference} label="Transfer reference" required error={referenceError || undefined} hint="As on our bank statement. The same reference recorded twice is one refund.">
        {(control) => (
          <input {...control} type="text" autoComplete="off" maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} disabled={command.submitting} style={inputStyle(!!referenceError)} />
        )}
      </Field>

      <Field id={ids.date} label="Paid out on" required error={dateError || undefined}>
        {(control) => <DayPicker {...control} value={refundedOn} onChange={setRefundedOn} disabled={command.submitting} />}
      </Field>

      <Field id={ids.reason} label="Reason" required error={reasonError || undefined} hint="Kept in the audit trail.">
        {(control) => (
          <textarea {...control} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} disabled={command.submitting} style={{ ...inputStyle(!!reasonError), resize: 'vertical' }} />
        )}
      </Field>

      <section style={panelBoxStyle} aria-labelledby={`${uid}-effect`}>
        <h3 id={`${uid}-effect`} style={{ margin: '0 0 calc(var(--base) * 0.3)', fontSize: '1em' }}>
          Effect
        </h3>
        <p style={mutedStyle} role="status" aria-live="polite">
          {preview}
        </p>
      </section>

      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}
