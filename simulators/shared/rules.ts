import { randomUUID } from 'node:crypto'

/** A failure rule as a test switches it on: `times` limits it to the next N requests it applies to. */
export type RuleEntry<R> = { id: string; rule: R; remaining: number | null }

/**
 * Rules in insertion order. A rule stays until cleared, or until it has been applied `times`
 * times; only the caller knows when a rule was applied, so it says so with `consume`.
 */
export class RuleBook<R extends { times?: number }> {
  private entries: RuleEntry<R>[] = []

  add(rule: R): string {
    const id = randomUUID()
    this.entries.push({ id, rule, remaining: rule.times ?? null })
    return id
  }

  remove(id: string): boolean {
    const before = this.entries.length
    this.entries = this.entries.filter((e) => e.id !== id)
    return this.entries.length < before
  }

  clear(): void {
    this.entries = []
  }

  list(): RuleEntry<R>[] {
    return this.entries.map((e) => ({ ...e }))
  }

  matching(predicate: (rule: R) => boolean): RuleEntry<R>[] {
    return this.entries.filter((e) => predicate(e.rule))
  }

  consume(entry: RuleEntry<R>): void {
    if (entry.remaining === null) return
    entry.remaining -= 1
    if (entry.remaining <= 0) this.remove(entry.id)
  }
}
