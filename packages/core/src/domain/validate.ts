import type { z } from 'zod'
import { type ValidationIssue, validationFailed } from '../errors.js'

/** Zod issues as credkit issues: path + message, never the input. */
export function toIssues(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: ReadonlyArray<string | number> = [],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    message: issue.message,
  }))
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
  const result = schema.safeParse(value)
  if (!result.success) throw validationFailed(toIssues(result.error.issues, prefix))
  return result.data
}
