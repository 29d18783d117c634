import type React from 'react'

import type { Tone } from '../../../domain/display'
import { runStatusBadge } from './format'

/** A run's status as a badge: a word and a mark, the colour only repeating them. */

const TONES: Record<Tone, { background: string; color: string; mark: string }> = {
  good: { background: 'var(--theme-success-100)', color: 'var(--theme-success-800)', mark: '✓' },
  info: { background: 'var(--theme-elevation-100)', color: 'var(--theme-elevation-800)', mark: '…' },
  warn: { background: 'var(--theme-warning-100)', color: 'var(--theme-warning-800)', mark: '!' },
  bad: { background: 'var(--theme-error-100)', color: 'var(--theme-error-800)', mark: '✕' },
  neutral: { background: 'var(--theme-elevation-100)', color: 'var(--theme-elevation-800)', mark: '•' },
}

export function RunStatusBadge({ status, style }: { status: string | null | undefined; style?: React.CSSProperties }) {
  const { label, tone } = runStatusBadge(status)
  const { mark, ...colours } = TONES[tone]
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: '0.35em',
        padding: '0.1em 0.6em',
        borderRadius: 'var(--style-radius-s)',
        fontSize: '0.85em',
        fontWeight: 600,
        whiteSpace: 'nowrap',
        lineHeight: 1.6,
        ...colours,
        ...style,
      }}
    >
      <span aria-hidden="true">{mark}</span>
      {label}
    </span>
  )
}
