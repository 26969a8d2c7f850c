import type { z } from 'zod'
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
 * Zod issues as credkit issues: path + message, never the input. An unknown key is reported on
 * its parent without naming it (zod's own message quotes the key, which is input).
 */
export function toIssues(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: ReadonlyArray<string | number> = [],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(safeSegment)],
    message: issue.code === 'unrecognized_keys' ? unknownFields(issue.keys.length) : issue.message,
  }))
}

function unknownFields(count: number): string {
  return count === 1
    ? 'has a field that is not part of this shape'
    : `has ${count} fields that are not part of this shape`
}

/**
 * Parses `value` with `schema` or throws `VALIDATION_FAILED` with every issue, paths prefixed
 * by `prefix` (`['data']` for a credential body).
 * @throws CredentialsError VALIDATION_FAILED
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: ReadonlyArray<string | number> = [],
): z.output<S> {
  const unstorable = textIssues(value, prefix)
  const result = schema.safeParse(value)
  const issues = [...unstorable, ...(result.success ? [] : toIssues(result.error.issues, prefix))]
  if (issues.length > 0 || !result.success) throw validationFailed(issues)
  return result.data
}

const MAX_DEPTH = 32

/**
 * Strings no storage can keep as given: a NUL character (PostgreSQL text refuses it) or a lone
 * UTF-16 surrogate (it would come back as U+FFFD and break the audit hash chain).
 */
export function textIssues(
  value: unknown,
  path: ReadonlyArray<string | number> = [],
  depth = 0,
): ValidationIssue[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ path, message: 'must not contain NUL characters' }]
    if (!value.isWellFormed()) return [{ path, message: 'must be well-formed Unicode text' }]
    return []
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return []
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value)
  const issues: ValidationIssue[] = []
  for (const [key, item] of entries) issues.push(...textIssues(item, [...path, safeSegment(key)], depth + 1))
  return issues
}
