/**
 * The facts of NetCash's debit-order file we depend on, in one table each, because the public
 * sources disagree (external-apis.md): the codes of field 133 (account type) and the length of
 * field 101 (account reference). Each table lists what each source says and what we send.
 */
import type { BankAccountType } from '../../domain/bankAccounts'

/** Field ids of the K (key) and T (transaction) records, in the order we write them. */
export const DEBIT_FIELDS = [
  { id: 101, name: 'Account reference' },
  { id: 102, name: 'Account name' },
  { id: 131, name: 'Banking detail type' },
  { id: 132, name: 'Bank account holder name' },
  { id: 133, name: 'Bank account type' },
  { id: 134, name: 'Bank account branch code' },
  { id: 136, name: 'Bank account number' },
  { id: 161, name: 'Amount (cents)' },
  { id: 201, name: 'Email address' },
  { id: 202, name: 'Mobile number' },
] as const

/** Field 131: 1 bank account, 2 credit card. We only debit bank accounts. */
export const DETAIL_TYPE_BANK = '1'

/**
 * Field 133, the bank account type. The spec warns that sources disagree on these codes; no copy
 * of either source is on hand here, so this table is the one place that decides: the codes we
 * write (1 current or cheque, 2 savings, 3 transmission, the usual South African numbering), and
 * a column to record what NetCash's sandbox accepts once it has been tried. The simulator
 * accepts exactly these codes.
 */
export const ACCOUNT_TYPE_CODES: Record<BankAccountType, { sent: string; sandbox: string | null }> = {
  cheque: { sent: '1', sandbox: null },
  savings: { sent: '2', sandbox: null },
  transmission: { sent: '3', sandbox: null },
}

/**
 * Field 101, the account reference (also the mandate's AccountReference). Sources disagree on
 * its length (22 and 25 characters are both quoted); we never send more than the shorter, and
 * only letters, digits and dashes (our customer account numbers are well within it).
 */
export const ACCOUNT_REFERENCE = { lengthsQuoted: [22, 25], sent: 22, pattern: /^[A-Za-z0-9-]{1,22}$/ }

/** Field 102 and 132 as we send them: printable, no tabs or line breaks, at most 50 characters. */
export const MAX_NAME_LENGTH = 50

/**
 * SA return (unpaid) reasons as the bank reports them on NetCash's unpaid statement. `dispute`:
 * the account holder disputed the debit (these can arrive weeks later); the rest are the bank
 * refusing it. We re-present only what might succeed on a second try.
 */
export const RETURN_REASONS: Record<string, { description: string; dispute: boolean; representable: boolean }> = {
  '02': { description: 'Not provided for (insufficient funds)', dispute: false, representable: true },
  '03': { description: 'Debits not allowed to this account', dispute: false, representable: false },
  '04': { description: 'Payment stopped by the account holder', dispute: false, representable: false },
  '06': { description: 'Account frozen', dispute: false, representable: false },
  '12': { description: 'Account closed', dispute: false, representable: false },
  '22': { description: 'Account effects not cleared', dispute: false, representable: true },
  '26': { description: 'No such account', dispute: false, representable: false },
  '30': { description: 'No authority to debit (debit disputed)', dispute: true, representable: false },
  '32': { description: 'Debit in contravention of the payer\'s authority (debit disputed)', dispute: true, representable: false },
  '34': { description: 'Authorisation cancelled', dispute: false, representable: false },
}
