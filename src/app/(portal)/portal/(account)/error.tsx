'use client'

import React from 'react'

/** A page whose figures could not be read: said plainly, with a way to try again. */
export default function PortalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="card empty-state" role="alert">
      <h1>We couldn't load this page</h1>
      <p>Something went wrong on our side. Please try again in a moment.</p>
      <p className="actions" style={{ justifyContent: 'center' }}>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
        <a className="button secondary" href="/portal">
          Back to my account
        </a>
      </p>
    </section>
  )
}
