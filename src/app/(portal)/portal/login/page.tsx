import { redirect } from 'next/navigation'

import { LoginForm } from '../_components/LoginForm'
import { currentCustomer } from '../_utilities/currentCustomer'

export const dynamic = 'force-dynamic'

export default async function PortalLogin() {
  if (await currentCustomer()) redirect('/portal')
  return (
    <main className="card login-card">
      <h1>Sign in</h1>
      <p className="muted">Manage your services, usage, invoices and payment methods.</p>
      <LoginForm />
    </main>
  )
}
