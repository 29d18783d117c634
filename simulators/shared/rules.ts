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

type RuleRouteIo = {
  method: string
  /** The path below /__control, e.g. `/rules` or `/rules/<id>`. */
  path: string
  readJson: () => Promise<unknown>
  send: (status: number, body?: unknown) => void
}

/**
 * The failure-rule routes every simulator's control API has: `GET /rules` (with `remaining`),
 * `POST /rules` (checked by `schema`: 201 `{ id }` or 400 with the issues), `DELETE /rules` and
 * `DELETE /rules/:id`. Answers and returns true when `path` is one of them.
 */
export async function handleRuleRoutes<R extends { times?: number }>(
  book: RuleBook<R>,
  schema: { safeParse: (v: unknown) => { success: true; data: R } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } },
  io: RuleRouteIo,
): Promise<boolean> {
  const { method, path, send } = io
  const id = /^\/rules\/([^/]+)$/.exec(path)?.[1]
  if (path === '/rules' && method === 'GET') {
    send(200, { rules: book.list().map(({ id: ruleId, rule, remaining }) => ({ id: ruleId, ...rule, remaining })) })
  } else if (path === '/rules' && method === 'POST') {
    const parsed = schema.safeParse(await io.readJson())
    if (parsed.success) send(201, { id: book.add(parsed.data) })
    else send(400, { error: 'invalid rule', issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) })
  } else if (path === '/rules' && method === 'DELETE') {
    book.clear()
    send(204)
  } else if (id !== undefined && method === 'DELETE') {
    if (book.remove(decodeURIComponent(id))) send(204)
    else send(404, { error: 'no such rule' })
  } else {
    return false
  }
  return true
}
