import { HttpError } from './errors.js'

/**
 * Reads optional id fields (`string` or `null`) from a JSON body; anything else is a 400 listing
 * each field at fault, in the shape of credkit's VALIDATION_FAILED issues.
 */
export function selectionFields<K extends string>(
  body: unknown,
  keys: ReadonlyArray<K>,
): Record<K, string | null> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'Invalid input: expected an object', [
      { path: [], message: 'expected an object' },
    ])
  }
  const record = body as Record<string, unknown>
  const out = {} as Record<K, string | null>
  const issues: Array<{ path: string[]; message: string }> = []
  for (const key of keys) {
    const value = record[key] ?? null
    if (value === null || value === '') out[key] = null
    else if (typeof value === 'string' && value.length <= 128) out[key] = value
    else issues.push({ path: [key], message: 'expected a credential id or null' })
  }
  if (issues.length > 0) {
    throw new HttpError(
      400,
      'VALIDATION_FAILED',
      `Invalid input: ${issues.map((i) => i.path[0]).join(', ')}`,
      issues,
    )
  }
  return out
}

/** A string field of a JSON body, or a 400 naming it. */
export function stringField(body: unknown, key: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HttpError(400, 'VALIDATION_FAILED', `Invalid input: ${key}: expected a string`, [
      { path: [key], message: 'expected a string' },
    ])
  }
  return value
}
