import { z } from 'zod'
import { type ValidationIssue, validationFailed } from './errors.js'

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

/** Where in an input a walk is: the raw keys, for telling fields apart. */
type RawPath = ReadonlyArray<PropertyKey>

/** Which raw paths to leave out of a walk over the input. */
export type SkipPath = (path: RawPath) => boolean

/** The outcome of `checkInput`: the parsed value, or its issues (pass them to `validationFailed`). */
export type InputCheck<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: ValidationIssue[] }

/**
 * Checks `value` with `schema` without throwing: zod's issues as credkit issues plus unstorable
 * strings (see `textIssues`), paths prefixed by `prefix`. Unstorable strings are looked for in
 * what the schema keeps when it passes, and otherwise in the input minus its unknown fields (an
 * unknown key is input: it is counted, never walked into and named). `skip` leaves out fields
 * checked elsewhere (a create's `data`).
 */
export function checkInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: ReadonlyArray<string | number> = [],
  skip: SkipPath = () => false,
): InputCheck<z.output<S>> {
  const result = schema.safeParse(value, { error: unknownFieldsError })
  if (result.success) {
    const issues = textIssues(result.data, prefix, skip)
    return issues.length > 0 ? { success: false, issues } : { success: true, data: result.data }
  }
  const unknown = new Set<string>()
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) unknown.add(pathKey([...issue.path, key]))
    }
  }
  const issues = textIssues(value, prefix, (path) => skip(path) || unknown.has(pathKey(path)))
  for (const issue of toIssues(result.error.issues, prefix)) issues.push(issue)
  return { success: false, issues }
}

function pathKey(path: RawPath): string {
  return JSON.stringify(path.map(String))
}

/**
 * Parses `value` with `schema` or throws `VALIDATION_FAILED` with its issues (see `checkInput`;
 * bounded, see `validationFailed`), paths prefixed by `prefix` (`['data']` for a credential body).
 * @throws CredentialsError VALIDATION_FAILED
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: ReadonlyArray<string | number> = [],
): z.output<S> {
  const result = checkInput(schema, value, prefix)
  if (!result.success) throw validationFailed(result.issues)
  return result.data
}

const MAX_DEPTH = 32

/**
 * Strings no storage can keep as given: a NUL character (PostgreSQL text refuses it) or a lone
 * UTF-16 surrogate (it would come back as U+FFFD and break the audit hash chain). Walks 32 levels
 * at most and each object once, so shared or cyclic references cannot make it loop; `skip` leaves
 * out the fields at the raw paths it is true for.
 */
export function textIssues(
  value: unknown,
  path: ReadonlyArray<string | number> = [],
  skip: SkipPath = () => false,
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const seen = new Set<object>()
  const walk = (item: unknown, at: ReadonlyArray<string | number>, raw: RawPath): void => {
    if (typeof item === 'string') {
      if (item.includes('\u0000')) issues.push({ path: at, message: 'must not contain NUL characters' })
      else if (!item.isWellFormed()) issues.push({ path: at, message: 'must be well-formed Unicode text' })
      return
    }
    if (item === null || typeof item !== 'object' || raw.length >= MAX_DEPTH) return
    if (seen.has(item)) return
    seen.add(item)
    const entries = Array.isArray(item) ? item.entries() : Object.entries(item)
    for (const [key, child] of entries) {
      const next = [...raw, key]
      if (!skip(next)) walk(child, [...at, safeSegment(key)], next)
    }
  }
  walk(value, path, [])
  return issues
}
