import Link from 'next/link'
import React from 'react'

/** The portal's own 404, inside its header: a page that does not exist, or is not this customer's. */
export default function PortalNotFound() {
  return (
    <section className="card empty-state" aria-labelledby="nf-heading">
      <h1 id="nf-heading">We can't find that page</h1>
      <p>It may have moved, or it belongs to another account.</p>
      <p>
        <Link className="button" href="/portal">
          Back to my account
        </Link>
      </p>
    </section>
  )
}
