'use client'

export function DebitBatchDebits() {
  return null
}
