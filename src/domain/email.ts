/** An email as accounts are matched on it (Payload's login and ours): trimmed, lower case. */
export function normalisedEmail(email: string): string {
  return email.trim().toLowerCase()
}
