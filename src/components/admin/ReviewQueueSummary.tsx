'use client'

export function ReviewQueueSummary() {
  return null
}
