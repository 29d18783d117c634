import type { Metadata } from 'next'

import { ResetPasswordForm } from '../../_components/PasswordForms'
import { pageTitle } from '../../_lib/title'

export const metadata: Metadata = { title: pageTitle('Choose a new password') }

export default async function ResetPassword({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  return (
    <main id="main" className="card login-card">
      <h1>Choose a new password</h1>
      <ResetPasswordForm token={token} />
    </main>
  )
}
