/**
 * South African bank details for debit orders. Every major bank has a universal branch code that
 * routes to any of its branches; an account number is digits only, of the length the bank uses.
 */
export type Bank = { code: string; name: string; shortName: string; universalBranchCode: string; accountNumberLength: [number, number] }

export const SA_BANKS: readonly Bank[] = [
  { code: 'absa', name: 'Absa Bank', shortName: 'ABSA', universalBranchCode: '632005', accountNumberLength: [9, 11] },
  { code: 'capitec', name: 'Capitec Bank', shortName: 'Capitec', universalBranchCode: '470010', accountNumberLength: [10, 10] },
  { code: 'fnb', name: 'First National Bank', shortName: 'FNB', universalBranchCode: '250655', accountNumberLength: [10, 11] },
  { code: 'nedbank', name: 'Nedbank', shortName: 'Nedbank', universalBranchCode: '198765', accountNumberLength: [10, 11] },
  { code: 'standard_bank', name: 'Standard Bank', shortName: 'Standard Bank', universalBranchCode: '051001', accountNumberLength: [9, 11] },
  { code: 'investec', name: 'Investec Bank', shortName: 'Investec', universalBranchCode: '580105', accountNumberLength: [10, 11] },
  { code: 'tymebank', name: 'TymeBank', shortName: 'TymeBank', universalBranchCode: '678910', accountNumberLength: [11, 11] },
  { code: 'discovery', name: 'Discovery Bank', shortName: 'Discovery', universalBranchCode: '679000', accountNumberLength: [10, 11] },
  { code: 'african_bank', name: 'African Bank', shortName: 'African Bank', universalBranchCode: '430000', accountNumberLength: [11, 11] },
]

export const BANK_ACCOUNT_TYPES = ['cheque', 'savings', 'transmission'] as const
export type BankAccountType = (typeof BANK_ACCOUNT_TYPES)[number]

export type BankDetails = { bankCode: string; branchCode: string; accountType: BankAccountType; accountNumber: string; accountHolder: string }

export type BankDetailsProblem = { field: keyof BankDetails; message: string }

/** Checks bank details as entered (spaces and dashes in the account number are ignored). */
export function validateBankDetails(input: BankDetails): { ok: true; value: BankDetails; bank: Bank } | { ok: false; problems: BankDetailsProblem[] } {
  const problems: BankDetailsProblem[] = []
  const bank = SA_BANKS.find((b) => b.code === input.bankCode)
  if (!bank) problems.push({ field: 'bankCode', message: `Unknown bank; use one of ${SA_BANKS.map((b) => b.code).join(', ')}` })
  const branchCode = (input.branchCode ?? '').replace(/\s/g, '')
  if (bank && branchCode !== bank.universalBranchCode) {
    problems.push({ field: 'branchCode', message: `${bank.shortName}'s universal branch code is ${bank.universalBranchCode}` })
  }
  const accountNumber = (input.accountNumber ?? '').replace(/[\s-]/g, '')
  if (!/^\d+$/.test(accountNumber)) problems.push({ field: 'accountNumber', message: 'An account number has digits only' })
  else if (bank && (accountNumber.length < bank.accountNumberLength[0] || accountNumber.length > bank.accountNumberLength[1])) {
    const [min, max] = bank.accountNumberLength
    problems.push({ field: 'accountNumber', message: `${bank.shortName} account numbers have ${min === max ? min : `${min} to ${max}`} digits` })
  }
  if (!(BANK_ACCOUNT_TYPES as readonly string[]).includes(input.accountType)) problems.push({ field: 'accountType', message: `Account type is one of ${BANK_ACCOUNT_TYPES.join(', ')}` })
  const accountHolder = (input.accountHolder ?? '').trim()
  if (accountHolder.length < 2) problems.push({ field: 'accountHolder', message: 'Name the account holder' })
  if (problems.length || !bank) return { ok: false, problems }
  return { ok: true, value: { bankCode: bank.code, branchCode, accountType: input.accountType, accountNumber, accountHolder }, bank }
}

export const lastFourOf = (accountNumber: string) => accountNumber.slice(-4)

/** What leaves the server: `Debit Order - FNB ***1234`. */
export const maskedDebitOrderName = (bank: Bank, accountNumber: string) => `Debit Order - ${bank.shortName} ***${lastFourOf(accountNumber)}`
