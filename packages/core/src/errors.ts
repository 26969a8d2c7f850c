import type { CredentialReference } from './model/references.js'
import type { SyncState } from './model/sync-records.js'

/** Stable error codes; each has a section in docs/errors.md. */
export type CredentialsErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'IN_USE'
  | 'CRYPTO_FAILED'
  | 'AUDIT_FAILED'
  | 'REGION_FAILED'
  | 'STORAGE_FAILED'

/** One problem with an input: where it is and what was expected. Never the rejected value. */
export interface ValidationIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** For `REGION_FAILED`: where one credential stands in the region. Names and states, no secrets. */
export interface CredentialSyncResult {
  readonly id: string
  readonly name: string
  readonly state: SyncState
}

export interface CredentialsErrorOptions {
  /** The field at fault, as a dotted path (`data.server`), when one field is. */
  readonly field?: string | undefined
  readonly issues?: ReadonlyArray<ValidationIssue> | undefined
  /** For `IN_USE`: what still uses the credential. */
  readonly references?: ReadonlyArray<CredentialReference> | undefined
  /** For `REGION_FAILED`: every credential of the account and its state in the region. */
  readonly results?: ReadonlyArray<CredentialSyncResult> | undefined
  /**
   * For `CONFLICT`: true when the conflict came from a concurrent writer (a lost race on the
   * default registry or the audit chain head) and running the transaction again may succeed.
   */
  readonly retryable?: boolean | undefined
  /**
   * For `CONFLICT` from a stale `expectedVersion`: the version the credential has now, so a UI can
   * say "someone else changed this" and reload.
   */
  readonly currentVersion?: number | undefined
  readonly cause?: unknown
}

/**
 * The one error class credkit throws. Messages name fields and expected shapes, never values:
 * an error is safe to log.
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError'
  readonly code: CredentialsErrorCode
  readonly field: string | undefined
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly references: ReadonlyArray<CredentialReference>
  readonly results: ReadonlyArray<CredentialSyncResult>
  readonly retryable: boolean
  readonly currentVersion: number | undefined

  constructor(code: CredentialsErrorCode, message: string, options: CredentialsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.field =
      options.field ?? (options.issues?.length === 1 ? pathToField(options.issues[0]!.path) : undefined)
    this.issues = options.issues ?? []
    this.references = options.references ?? []
    this.results = options.results ?? []
    this.retryable = options.retryable ?? false
    this.currentVersion = options.currentVersion
  }

  /** A plain object for APIs and logs: code, message, field, issues, references, results, currentVersion. No cause. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.issues.length ? { issues: this.issues } : {}),
      ...(this.references.length ? { references: this.references } : {}),
      ...(this.results.length ? { results: this.results } : {}),
      ...(this.currentVersion === undefined ? {} : { currentVersion: this.currentVersion }),
    }
  }
}

/**
 * The brand every `CredentialsError` carries, from any copy of `@credkit/core`: `Symbol.for` gives
 * the same symbol in every copy, where `instanceof` would fail between two installed copies (and an
 * adapter's retryable `CONFLICT` would stop being retried).
 */
const CREDENTIALS_ERROR = Symbol.for('credkit.CredentialsError')
Object.defineProperty(CredentialsError.prototype, CREDENTIALS_ERROR, { value: true })

/** Type guard, optionally narrowed to one code. Checks the brand, so it holds across copies of the package. */
export function isCredentialsError(error: unknown, code?: CredentialsErrorCode): error is CredentialsError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [CREDENTIALS_ERROR]?: unknown })[CREDENTIALS_ERROR] === true &&
    (code === undefined || (error as CredentialsError).code === code)
  )
}

/** `['data', 'altNames', 2]` → `data.altNames[2]`. */
export function pathToField(path: ReadonlyArray<string | number>): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${part}` : part
  }
  return out
}

/** Most issues a `VALIDATION_FAILED` lists; past it the last entry counts the rest. */
export const MAX_ISSUES = 50
/** Longest `VALIDATION_FAILED` message; the full list is in `issues`. */
const MAX_SUMMARY = 1000
const MAX_PATH = 32

/**
 * Builds a `VALIDATION_FAILED` error from issues, bounded whatever the input: at most `MAX_ISSUES`
 * issues (the last one then says how many more were found), paths of at most 32 segments, and a
 * message of at most about 1000 characters.
 */
export function validationFailed(issues: ReadonlyArray<ValidationIssue>, message?: string): CredentialsError {
  const listed = boundIssues(issues)
  return new CredentialsError('VALIDATION_FAILED', message ?? `Invalid input: ${summarise(listed)}`, {
    issues: listed,
  })
}

function boundIssues(issues: ReadonlyArray<ValidationIssue>): ValidationIssue[] {
  const bounded = (issue: ValidationIssue) =>
    issue.path.length > MAX_PATH ? { ...issue, path: issue.path.slice(0, MAX_PATH) } : issue
  if (issues.length <= MAX_ISSUES) return issues.map(bounded)
  const kept = issues.slice(0, MAX_ISSUES - 1).map(bounded)
  const more = issues.length - kept.length
  return [...kept, { path: [], message: `and ${more} more issues not listed` }]
}

function summarise(issues: ReadonlyArray<ValidationIssue>): string {
  let summary = ''
  for (const [index, issue] of issues.entries()) {
    const part = `${pathToField(issue.path) || '(input)'}: ${issue.message}`
    if (summary.length + part.length > MAX_SUMMARY) {
      const rest = `and ${issues.length - index} more (see issues)`
      return summary ? `${summary}; ${rest}` : rest
    }
    summary += summary ? `; ${part}` : part
  }
  return summary
}
