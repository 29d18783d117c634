'use client'

import type React from 'react'
import { useEffect, useId, useState } from 'react'

import { VALIDATION_ERROR_CODES, VALIDATION_ERROR_LABELS } from '../../domain/catalogue'
import styles from './jobRuns/jobRuns.module.css'
import { apiFetch, useRoutes } from './lifecycle/api'

/**
 * Above the validation errors list: what is left in the review queue, by problem, each a link to
 * exactly those unresolved errors.
 */

const LABELS = VALIDATION_ERROR_LABELS

const muted: React.CSSProperties = { margin: 0, color: 'var(--theme-elevation-650)', fontSize: '0.9em' }

export function ReviewQueueSummary() {
  const routes = useRoutes()
  const uid = useId()
  const [counts, setCounts] = useState<Record<string, number> | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    const count = (code: string | null) =>
      apiFetch<{ totalDocs?: number }>(
        `${routes.api}/validation-errors?where[resolved][equals]=false${code ? `&where[code][equals]=${code}` : ''}&limit=1&depth=0&select[id]=true`,
        { signal: controller.signal },
      )
    void Promise.all([count(null), ...VALIDATION_ERROR_CODES.map(count)]).then((results) => {
      if (controller.signal.aborted) return
      const failed = results.find((r) => !r.ok)
      if (failed && !failed.ok) return setError(failed.message)
      const [all, ...byCode] = results.map((r) => (r.ok ? (r.body?.totalDocs ?? 0) : 0))
      setCounts({ all: all!, ...Object.fromEntries(VALIDATION_ERROR_CODES.map((c, i) => [c, byCode[i]!])) })
    })
    return () => controller.abort()
  }, [routes.api])

  const listOf = (code?: string) => `${routes.admin}/collections/validation-errors?where[resolved][equals]=false${code ? `&where[code][equals]=${code}` : ''}`
  return (
    <section
      className={styles.root}
      aria-labelledby={`${uid}-heading`}
      style={{ marginBottom: 'var(--base)', padding: 'calc(var(--base) * 0.75)', borderRadius: 'var(--style-radius-s)', background: 'var(--theme-elevation-50)', border: '1px solid var(--theme-elevation-150)' }}
    >
      <h3 id={`${uid}-heading`} style={{ margin: '0 0 calc(var(--base) * 0.5)', fontSize: '1.1em' }}>
        Review queue
      </h3>
      <div aria-live="polite">
        {error && <p role="alert" style={{ ...muted, color: 'var(--theme-error-650)' }}>Could not count the queue: {error}</p>}
        {!error && !counts && <p style={muted}>Counting…</p>}
        {counts && counts.all === 0 && <p style={muted}>Nothing left to review.</p>}
        {counts && counts.all > 0 && (
          <>
            <p style={{ ...muted, marginBottom: '0.4rem' }}>
              <a href={listOf()}>{counts.all} left to review</a>: link each order to its customer, or mark it resolved with a note.
            </p>
            <ul style={{ margin: 0, paddingLeft: '1.2rem', fontSize: '0.9em' }}>
              {VALIDATION_ERROR_CODES.filter((c) => counts[c]! > 0).map((c) => (
                <li key={c}>
                  <a href={listOf(c)}>
                    {LABELS[c]}: {counts[c]}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  )
}
