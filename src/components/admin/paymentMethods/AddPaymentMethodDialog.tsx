'use client'

import { useId, useState } from 'react'

import { BANK_ACCOUNT_TYPES, SA_BANKS, validateBankDetails, type BankAccountType, type BankDetails } from '../../../domain/bankAccounts'
import { useRoutes } from '../lifecycle/api'
import { BillingModal, ErrorBanner, Field, FormActions, inputStyle, OutcomeModal, SuccessBox, useBillingCommand } from '../billing/dialog'

/**
 * Adds a debit order or EFT for the customer (a card needs the gateway's hosted tokenisation page,
 * which the back office does not have). The bank details are checked here by the same function
 * the payment-method service applies (src/domain/bankAccounts.ts), so the messages next to the
 * fields are the service's own; whatever the server still refuses shows next to its field too.
 */

const SHOWN_FIELDS = ['type', 'bankCode', 'branchCode', 'accountType', 'accountNumber', 'accountHolder', 'makePrimary'] as const
type Kind = 'debit_order' | 'eft'

const ACCOUNT_TYPE_LABELS: Record<BankAccountType, string> = { cheque: 'Cheque (current)', savings: 'Savings', transmission: 'Transmission' }

type Added = { paymentMethod: { id: number; displayName: string; isPrimary: boolean; mandateStatus: string | null } }

export function AddPaymentMethodDialog({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const routes = useRoutes()
  const uid = useId()
  const command = useBillingCommand(SHOWN_FIELDS)
  const [kind, setKind] = useState<Kind>('debit_order')
  const [bank, setBank] = useState<BankDetails>({ bankCode: '', branchCode: '', accountType: 'cheque', accountNumber: '', accountHolder: '' })
  const [makePrimary, setMakePrimary] = useState(false)
  const [tried, setTried] = useState(false)
  const [added, setAdded] = useState<Added['paymentMethod'] | null>(null)

  const checked = kind === 'debit_order' ? validateBankDetails(bank) : null
  const problem = (field: keyof BankDetails) => (tried && checked && !checked.ok ? checked.problems.find((p) => p.field === field)?.message : undefined)
  const errorOf = (field: keyof BankDetails) => problem(field) || command.fieldError(field)
  const set = (field: keyof BankDetails, value: string) => setBank((b) => ({ ...b, [field]: value }))

  function chooseBank(code: string) {
    const chosen = SA_BANKS.find((b) => b.code === code)
    // Every bank listed has a universal branch code: filled in, still editable.
    setBank((b) => ({ ...b, bankCode: code, branchCode: chosen ? chosen.universalBranchCode : b.branchCode }))
  }

  async function submit() {
    setTried(true)
    if (checked && !checked.ok) return
    const body =
      kind === 'debit_order'
        ? { type: kind, bankCode: bank.bankCode, branchCode: bank.branchCode.trim(), accountType: bank.accountType, accountNumber: bank.accountNumber.trim(), accountHolder: bank.accountHolder.trim(), makePrimary }
        : { type: kind, makePrimary }
    const result = await command.send<Added>(`${routes.api}/admin/customers/${customerId}/payment-methods`, body)
    if (result) setAdded(result.paymentMethod)
  }

  if (added) {
    return (
      <OutcomeModal title="Payment method added">
        <SuccessBox>
          {added.displayName} was added{added.isPrimary ? ' and is the primary method' : ''}.
          {added.mandateStatus === 'pending' && ' The debit order waits for its NetCash mandate.'}
        </SuccessBox>
      </OutcomeModal>
    )
  }

  const ids = Object.fromEntries(SHOWN_FIELDS.map((f) => [f, `${uid}-${f}`])) as Record<(typeof SHOWN_FIELDS)[number], string>
  const disabled = command.submitting

  return (
    <BillingModal
      title="Add payment method"
      busy={disabled}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={<FormActions onCancel={onClose} submitting={disabled} label="Add payment method" busyLabel="Adding…" />}
    >
      <Field id={ids.type} label="Type" required error={command.fieldError('type')} hint="Cards are added by the customer through the card gateway.">
        {(control) => (
          <select {...control} data-autofocus value={kind} onChange={(e) => setKind(e.target.value as Kind)} disabled={disabled} style={{ ...inputStyle(false), maxWidth: '16rem' }}>
            <option value="debit_order">Debit order</option>
            <option value="eft">EFT (bank transfer)</option>
          </select>
        )}
      </Field>

      {kind === 'debit_order' && (
        <>
          <Field id={ids.bankCode} label="Bank" required error={errorOf('bankCode')}>
            {(control) => (
              <select {...control} value={bank.bankCode} onChange={(e) => chooseBank(e.target.value)} disabled={disabled} style={inputStyle(!!errorOf('bankCode'))}>
                <option value="">Choose the bank</option>
                {SA_BANKS.map((b) => (
                  <option key={b.code} value={b.code}>
                    {b.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={ids.branchCode} label="Branch code" required error={errorOf('branchCode')} hint="The bank's universal branch code.">
            {(control) => (
              <input {...control} type="text" inputMode="numeric" autoComplete="off" maxLength={6} value={bank.branchCode} onChange={(e) => set('branchCode', e.target.value)} disabled={disabled} style={{ ...inputStyle(!!errorOf('branchCode')), maxWidth: '10rem' }} />
            )}
          </Field>
          <Field id={ids.accountType} label="Account type" required error={errorOf('accountType')}>
            {(control) => (
              <select {...control} value={bank.accountType} onChange={(e) => set('accountType', e.target.value)} disabled={disabled} style={{ ...inputStyle(!!errorOf('accountType')), maxWidth: '16rem' }}>
                {BANK_ACCOUNT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {ACCOUNT_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={ids.accountNumber} label="Account number" required error={errorOf('accountNumber')} hint="Stored encrypted; only the last four digits are shown afterwards.">
            {(control) => (
              <input {...control} type="text" inputMode="numeric" autoComplete="off" maxLength={24} value={bank.accountNumber} onChange={(e) => set('accountNumber', e.target.value)} disabled={disabled} style={{ ...inputStyle(!!errorOf('accountNumber')), maxWidth: '16rem' }} />
            )}
          </Field>
          <Field id={ids.accountHolder} label="Account holder" required error={errorOf('accountHolder')}>
            {(control) => (
              <input {...control} type="text" autoComplete="off" maxLength={100} value={bank.accountHolder} onChange={(e) => set('accountHolder', e.target.value)} disabled={disabled} style={inputStyle(!!errorOf('accountHolder'))} />
            )}
          </Field>
        </>
      )}

      <div style={{ marginBottom: 'var(--base)' }}>
        <label htmlFor={ids.makePrimary} style={{ display: 'inline-flex', gap: '0.5em', alignItems: 'center' }}>
          <input id={ids.makePrimary} type="checkbox" checked={makePrimary} onChange={(e) => setMakePrimary(e.target.checked)} disabled={disabled} />
          Make it the primary method
        </label>
      </div>

      <ErrorBanner message={command.formError} />
    </BillingModal>
  )
}
