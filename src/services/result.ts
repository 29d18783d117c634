/** What a business operation returns: a value, or a coded refusal the edge maps to HTTP. */
export type Refusal<C extends string = string> = { ok: false; code: C; message: string; field?: string }
export type Result<T, C extends string = string> = { ok: true; value: T } | Refusal<C>

export const ok = <T,>(value: T): { ok: true; value: T } => ({ ok: true, value })
export const refuse = <C extends string>(code: C, message: string, field?: string): Refusal<C> => ({ ok: false, code, message, field })
