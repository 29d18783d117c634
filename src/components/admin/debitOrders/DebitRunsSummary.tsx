'use client'

export function DebitRunsSummary() {
  return null
}
