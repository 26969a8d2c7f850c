/** Deepest nesting accepted in a provider config object. */
export const MAX_CONFIG_DEPTH = 32

/** Why a value is not an acceptable JSON object body, or its approximate JSON size. */
export type JsonSize =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly reason: 'too-large' | 'too-deep' | 'not-json' }

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * The length `value` would have as JSON text (close enough for a limit), counted without
 * serialising it and stopping as soon as it passes `limit`, so a huge or shared/cyclic object
 * costs at most `limit` steps. Refuses what JSON cannot hold as given (functions, bigints,
 * symbols, class instances, non-finite numbers) and nesting deeper than `MAX_CONFIG_DEPTH`.
 */
export function jsonSize(value: unknown, limit: number): JsonSize {
  let size = 0
  let failure: 'too-large' | 'too-deep' | 'not-json' | null = null
  const walk = (item: unknown, depth: number): void => {
    if (failure !== null) return
    if (item === null || typeof item === 'boolean') size += 5
    else if (typeof item === 'string') size += item.length + 2
    else if (typeof item === 'number') {
      if (!Number.isFinite(item)) failure = 'not-json'
      size += 24
    } else if (typeof item === 'object' && (Array.isArray(item) || isPlainObject(item))) {
      if (depth >= MAX_CONFIG_DEPTH) failure = 'too-deep'
      size += 2
      const entries = Array.isArray(item) ? item.entries() : Object.entries(item)
      for (const [key, child] of entries) {
        if (failure !== null || size > limit) break
        size += typeof key === 'string' ? key.length + 4 : 1
        walk(child, depth + 1)
      }
    } else if (item !== undefined) failure = 'not-json'
    if (failure === null && size > limit) failure = 'too-large'
  }
  walk(value, 0)
  return failure === null ? { ok: true, size } : { ok: false, reason: failure }
}
