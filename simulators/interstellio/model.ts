/**
 * The simulator's subscribers and their usage: a deterministic function of the subscriber id and
 * the day (the same figures on every machine and every run), overridable per subscriber.
 */

export const BYTES_PER_KB = 1000
const GB = 1_000_000_000

/** Average GB a day, by share of subscribers: light, typical, heavy (a 50 GB cap by day 20), very heavy (over any cap). */
const TIERS: ReadonlyArray<{ share: number; gbPerDay: number }> = [
  { share: 0.3, gbPerDay: 0.5 },
  { share: 0.35, gbPerDay: 1.4 },
  { share: 0.2, gbPerDay: 2.6 },
  { share: 0.15, gbPerDay: 4.5 },
]

/** FNV-1a, 32 bits, as a fraction in [0, 1). */
export function hashFraction(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h / 4294967296
}

export type DayOverride = { downloadBytes: number; uploadBytes: number }

export type Subscriber = {
  id: string
  exists: boolean
  enabled: boolean
  /** When set, every day not in `days` uses these instead of the model. */
  dailyDownloadBytes: number | null
  dailyUploadBytes: number | null
  days: Record<string, DayOverride>
  history: Array<{ enabled: boolean; at: string }>
}

export function newSubscriber(id: string): Subscriber {
  return { id, exists: true, enabled: true, dailyDownloadBytes: null, dailyUploadBytes: null, days: {}, history: [] }
}

/** A whole day's figure for `day` (YYYY-MM-DD). */
export function fullDay(sub: Subscriber, day: string): DayOverride {
  const override = sub.days[day]
  if (override) return override
  if (sub.dailyDownloadBytes !== null || sub.dailyUploadBytes !== null) {
    return { downloadBytes: sub.dailyDownloadBytes ?? 0, uploadBytes: sub.dailyUploadBytes ?? 0 }
  }
  const pick = hashFraction(sub.id)
  let acc = 0
  const tier = TIERS.find((t) => (acc += t.share) > pick) ?? TIERS[TIERS.length - 1]!
  const variation = 0.4 + hashFraction(`${sub.id}|${day}`) * 1.2
  const downloadBytes = Math.round(tier.gbPerDay * variation * GB)
  return { downloadBytes, uploadBytes: Math.round(downloadBytes * (0.06 + hashFraction(`${day}|${sub.id}|up`) * 0.1)) }
}

/** kB as Interstellio writes them: bytes / 1000, at most three decimals. */
export const toKb = (bytes: number) => Math.round(bytes) / BYTES_PER_KB
