import { redirect } from 'next/navigation'

import { LogoutButton } from './_components/LogoutButton'
import { currentCustomer } from './_utilities/currentCustomer'

export const dynamic = 'force-dynamic'

export default async function PortalHome() {
  const customer = await currentCustomer()
  if (!customer) redirect('/portal/login')
  return (
    <>
      <header className="portal-header">
        <span className="portal-brand">My account</span>
        <LogoutButton />
      </header>
      <main className="portal-main">
        <section className="card">
          <h1>Welcome, {customer.firstName}</h1>
          <dl>
            <dt>Name</dt>
            <dd>
              {customer.firstName} {customer.lastName}
            </dd>
            <dt>Email</dt>
            <dd>{customer.email}</dd>
          </dl>
        </section>
      </main>
    </>
  )
}
