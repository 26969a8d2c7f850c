import { z } from 'zod'
import { type ValidationIssue, validationFailed } from '../errors.js'

/** Object keys come from the input too: a key that is not a plain field name is not repeated. */
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,64}$/

/** A path segment safe to show: indexes and plain field names as they are, other keys as `*`. */
export function safeSegment(part: PropertyKey): string | number {
  if (typeof part === 'number') return part
  const text = String(part)
  return FIELD_NAME.test(text) ? text : '*'
}

/**
 * The message of an unknown-fields issue: how many, and the allowed fields when known. Never the
 * unknown keys themselves: they are input, and a secret pasted in the wrong place ends up as one.
 */
export function unknownFieldsMessage(
  count: number,
  allowed?: ReadonlyArray<string>,
  what = 'this shape',
): string {
  const fields = count === 1 ? 'has a field that is' : `has ${count} fields that are`
  const list = allowed === undefined ? '' : ` (allowed: ${allowed.join(', ') || 'none'})`
  return `${fields} not part of ${what}${list}`
}

/**
 * A strict object whose unknown-fields issue counts the unknown keys and lists the allowed fields,
 * never naming the keys (input: a secret pasted in the wrong place would be one).
 */
export function strictFields<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape)
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownFieldsMessage(issue.keys.length, allowed) : undefined,
  })
}

const OWN_UNKNOWN_MESSAGE = /^has (a field that is|\d+ fields that are) not part of /

/**
 * A zod error map for `safeParse(value, { error: unknownFieldsError })`: an unknown-keys issue
 * counts the keys and lists the object's own fields instead of quoting the keys.
 */
export function unknownFieldsError(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape
  return unknownFieldsMessage(issue.keys.length, shape && Object.keys(shape))
}

/**
 * Zod issues as credkit issues: path + message, never the input. An unknown key is reported on
 * its parent without naming it (zod's own message quotes the key, which is input).
 */
export function toIssues(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: ReadonlyArray<string | number> = [],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(safeSegment)],
    message:
      issue.code !== 'unrecognized_keys' || OWN_UNKNOWN_MESSAGE.test(issue.message)
        ? issue.message
        : unknownFieldsMessage(issue.keys.length),
  }))
}

/**
 * Parses `value` with `schema` or throws `VALIDATION_FAILED` with its issues (bounded, see
 * `validationFailed`), paths prefixed by `prefix` (`['data']` for a credential body). Unstorable
 * strings are looked for in what the schema keeps, so fields it strips are not reported.
 * @throws CredentialsError VALIDATION_FAILED
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: ReadonlyArray<string | number> = [],
): z.output<S> {
  const result = schema.safeParse(value, { error: unknownFieldsError })
  if (!result.success) {
    const issues = textIssues(value, prefix)
    for (const issue of toIssues(result.error.issues, prefix)) issues.push(issue)
    throw validationFailed(issues)
  }
  const unstorable = textIssues(result.data, prefix)
  if (unstorable.length > 0) throw validationFailed(unstorable)
  return result.data
}

const MAX_DEPTH = 32

/**
 * Strings no storage can keep as given: a NUL character (PostgreSQL text refuses it) or a lone
 * UTF-16 surrogate (it would come back as U+FFFD and break the audit hash chain). Walks 32 levels
 * at most and each object once, so shared or cyclic references cannot make it loop.
 */
export function textIssues(value: unknown, path: ReadonlyArray<string | number> = []): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const seen = new Set<object>()
  const walk = (item: unknown, at: ReadonlyArray<string | number>): void => {
    if (typeof item === 'string') {
      if (item.includes('\u0000')) issues.push({ path: at, message: 'must not contain NUL characters' })
      else if (!item.isWellFormed()) issues.push({ path: at, message: 'must be well-formed Unicode text' })
      return
    }
    if (item === null || typeof item !== 'object' || at.length - path.length >= MAX_DEPTH) return
    if (seen.has(item)) return
    seen.add(item)
    const entries = Array.isArray(item) ? item.entries() : Object.entries(item)
    for (const [key, child] of entries) walk(child, [...at, safeSegment(key)])
  }
  walk(value, path)
  return issues
}
