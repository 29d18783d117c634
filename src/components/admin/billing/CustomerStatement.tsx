'use client'

import { useDocumentInfo } from '@payloadcms/ui'
import type React from 'react'
import { useEffect, useId, useMemo, useState } from 'react'

import { isCalendarDate } from '../../../domain/calendarDate'
import { formatDate, formatRand } from '../../../domain/display'
import { defaultStatementFrom } from '../../../domain/statement'
import { apiFetch, todaySast, useRoutes } from '../lifecycle/api'
import { buttonStyle, Field, mutedStyle, numberCell, numericId } from './dialog'
import { DayPicker } from '../fields/DayPicker'

/**
 * A customer's statement for any range of SAST days, on screen and as the PDF they are sent:
 * opening balance, every invoice, credit note, payment and refund with the running balance, and
 * the closing balance (GET /api/admin/customers/:id/statement).
 */

type Line = { date: string; kind: string; reference: string; description: string; debitCents: number; creditCents: number; balanceCents: number; source: { collection: string; id: number } }
type Statement = { from: string; to: string; openingBalanceCents: number; lines: Line[]; totalDebitCents: number; totalCreditCents: number; closingBalanceCents: number }
type State = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; statement: Statement } | { state: 'error'; message: string }

/** Positive: owed; negative: in credit, said in words rather than with a minus sign. */
const balance = (cents: number) => (cents < 0 ? `${formatRand(-cents)} in credit` : cents === 0 ? formatRand(0) : `${formatRand(cents)} owed`)

const cell: React.CSSProperties = { padding: '0.35rem 0.5rem', borderBottom: '1px solid var(--theme-elevation-150)', textAlign: 'left', verticalAlign: 'top' }
const num: React.CSSProperties = { ...cell, ...numberCell }

export function CustomerStatement() {
  const { id } = useDocumentInfo()
  const routes = useRoutes()
  const uid = useId()
  const customerId = numericId(id)
  const today = useMemo(todaySast, [])
  const [from, setFrom] = useState(() => defaultStatementFrom(today))
  const [to, setTo] = useState(today)
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null)
  const [state, setState] = useState<State>({ state: 'idle' })

  const rangeProblem = !isCalendarDate(from) || !isCalendarDate(to) ? 'Enter both days' : from > to ? 'The first day is after the last' : undefined
  const show = () => {
    if (!rangeProblem) setShown({ from, to })
  }

  useEffect(() => {
    if (customerId === undefined || !shown) return
    const controller = new AbortController()
    setState({ state: 'loading' })
    void apiFetch<Statement>(`${routes.api}/admin/customers/${customerId}/statement?from=${shown.from}&to=${shown.to}`, { signal: controller.signal }).then((res) => {
      if (controller.signal.aborted) return
      setState(res.ok ? { state: 'ready', statement: res.body } : { state: 'error', message: res.message })
    })
    return () => controller.abort()
  }, [routes.api, customerId, shown])

  if (customerId === undefined) return null

  return (
    <section className="field-type customer-statement" aria-labelledby={`${uid}-title`} style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <h3 id={`${uid}-title`} style={{ margin: '0 0 calc(var(--base) * 0.5)' }}>
        Statement
      </h3>
      {/* Inside the customer's document form, so no form of its own: Enter shows the statement instead of saving the customer. */}
      <div
        role="group"
        aria-label="Statement dates"
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return
          e.preventDefault()
          show()
        }}
        style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '0 calc(var(--base) * 0.75)' }}
      >
        <Field id={`${uid}-from`} label="From">
          {(control) => <DayPicker {...control} value={from} onChange={setFrom} />}
        </Field>
        <Field id={`${uid}-to`} label="To" error={rangeProblem}>
          {(control) => <DayPicker {...control} value={to} onChange={setTo} />}
        </Field>
        <div style={{ display: 'flex', gap: 'calc(var(--base) * 0.4)', marginBottom: 'calc(var(--base) * 0.75)', flexWrap: 'wrap' }}>
          <button type="button" className="btn btn--style-secondary btn--size-small" style={buttonStyle} disabled={!!rangeProblem} onClick={show}>
            Show statement
          </button>
          {/* The PDF of the statement on screen, once it has loaded (the endpoint checked the range). */}
          {state.state === 'ready' && shown ? (
            <a className="btn btn--style-secondary btn--size-small" style={{ ...buttonStyle, display: 'inline-flex', alignItems: 'center' }} href={`${routes.api}/admin/customers/${customerId}/statement?from=${shown.from}&to=${shown.to}&format=pdf`} download>
              Download PDF
            </a>
          ) : null}
        </div>
      </div>

      {/* A short announcement, not the whole table read aloud. */}
      <p aria-live="polite" style={mutedStyle}>
        {state.state === 'loading' ? 'Loading…' : state.state === 'ready' ? `Statement shown: ${state.statement.lines.length} ${state.statement.lines.length === 1 ? 'line' : 'lines'}.` : ''}
      </p>
      {state.state === 'error' && (
        <p role="alert" style={{ ...mutedStyle, color: 'var(--theme-error-800)' }}>
          Could not load the statement: {state.message}
        </p>
      )}
      {state.state === 'ready' && <StatementTable statement={state.statement} routes={routes} />}
    </section>
  )
}

function StatementTable({ statement: s, routes }: { statement: Statement; routes: { admin: string } }) {
  return (
    <div role="region" aria-label={`Statement ${formatDate(s.from)} to ${formatDate(s.to)}`} tabIndex={0} style={{ overflowX: 'auto' }}>
      <table style={{ width: '100%', borderCollapse: 'collapse', minWidth: '36rem' }}>
        <caption style={{ textAlign: 'left', fontWeight: 600, marginBottom: '0.25rem' }}>
          {formatDate(s.from)} to {formatDate(s.to)}
        </caption>
        <thead>
          <tr>
            <th scope="col" style={cell}>Date</th>
            <th scope="col" style={cell}>Reference</th>
            <th scope="col" style={cell}>Description</th>
            <th scope="col" style={num}>Debit</th>
            <th scope="col" style={num}>Credit</th>
            <th scope="col" style={num}>Balance</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td style={cell}>{formatDate(s.from)}</td>
            <td style={cell} />
            <th scope="row" style={{ ...cell, fontWeight: 600 }}>Opening balance</th>
            <td style={num} />
            <td style={num} />
            <td style={num}>{balance(s.openingBalanceCents)}</td>
          </tr>
          {s.lines.map((l, i) => (
            <tr key={i}>
              <td style={{ ...cell, whiteSpace: 'nowrap' }}>{formatDate(l.date)}</td>
              <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                <a href={`${routes.admin}/collections/${l.source.collection}/${l.source.id}`}>{l.reference}</a>
              </td>
              <td style={cell}>{l.description}</td>
              <td style={num}>{l.debitCents ? formatRand(l.debitCents) : ''}</td>
              <td style={num}>{l.creditCents ? formatRand(l.creditCents) : ''}</td>
              <td style={num}>{balance(l.balanceCents)}</td>
            </tr>
          ))}
          {s.lines.length === 0 && (
            <tr>
              <td style={cell} colSpan={6}>
                Nothing was invoiced, paid, credited or refunded in these days.
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3} style={{ ...cell, fontWeight: 600 }}>
              Closing balance on {formatDate(s.to)}
            </th>
            <td style={{ ...num, fontWeight: 600 }}>{formatRand(s.totalDebitCents)}</td>
            <td style={{ ...num, fontWeight: 600 }}>{formatRand(s.totalCreditCents)}</td>
            <td style={{ ...num, fontWeight: 600 }}>{balance(s.closingBalanceCents)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
