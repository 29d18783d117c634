import type { Metadata } from 'next'
import Link from 'next/link'

import { ForgotPasswordForm } from '../_components/PasswordForms'
import { pageTitle } from '../_lib/title'

export const metadata: Metadata = { title: pageTitle('Forgot password') }

export default function ForgotPassword() {
  return (
    <main id="main" className="card login-card">
      <h1>Forgot your password?</h1>
      <p className="muted">We'll email you a link to choose a new one.</p>
      <ForgotPasswordForm />
      <p>
        <Link href="/portal/login">Back to sign in</Link>
      </p>
    </main>
  )
}
