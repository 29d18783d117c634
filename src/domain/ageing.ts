import { daysBetween, type CalendarDate } from './calendarDate'
import type { Cents } from './money'

/**
 * Debtors' ageing: what customers owe, by how long it has been due. An invoice's days past due are
 * whole SAST days from its due date to the as-of day, so an invoice due today is current (0), due
 * yesterday is 1 day past due. Each bucket holds both of its edges: 30 days is 1-30, 31 is 31-60,
 * 120 is 91-120 and 121 is 120+.
 */
export const AGEING_BUCKETS = [
  { key: 'current', label: 'Current', fromDays: null, toDays: 0 },
  { key: 'days1to30', label: '1-30 days', fromDays: 1, toDays: 30 },
  { key: 'days31to60', label: '31-60 days', fromDays: 31, toDays: 60 },
  { key: 'days61to90', label: '61-90 days', fromDays: 61, toDays: 90 },
  { key: 'days91to120', label: '91-120 days', fromDays: 91, toDays: 120 },
  { key: 'over120', label: '120+ days', fromDays: 121, toDays: null },
] as const satisfies ReadonlyArray<{ key: string; label: string; fromDays: number | null; toDays: number | null }>

export type AgeingBucket = (typeof AGEING_BUCKETS)[number]
export type AgeingBucketKey = AgeingBucket['key']
export type AgeingBuckets = Record<AgeingBucketKey, Cents>

export const AGEING_BUCKET_KEYS = AGEING_BUCKETS.map((b) => b.key) as [AgeingBucketKey, ...AgeingBucketKey[]]

/** Whole days from the due date to the as-of day: 0 or less is not yet past due. */
export function daysPastDue(dueDate: CalendarDate, asOf: CalendarDate): number {
  return daysBetween(dueDate, asOf)
}

/** Whether a bucket holds this many days past due (both edges included). */
export function bucketHolds(bucket: AgeingBucket, days: number): boolean {
  return (bucket.fromDays === null || days >= bucket.fromDays) && (bucket.toDays === null || days <= bucket.toDays)
}

/** The bucket an amount falls in, by its days past due. */
export function ageingBucketOf(days: number): AgeingBucketKey {
  const bucket = AGEING_BUCKETS.find((b) => bucketHolds(b, days))
  if (!bucket) throw new RangeError(`no ageing bucket holds ${days} days`)
  return bucket.key
}
