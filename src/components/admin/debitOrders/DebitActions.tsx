'use client'

export function DebitActions() {
  return null
}
