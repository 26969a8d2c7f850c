import { CredentialsError, isCredentialsError } from '@credkit/core'
import { sqlStateOf, storageFailed } from './storage-error.js'

/** Where a driver error happened: that decides whether running again is safe. */
export type ErrorPhase = 'direct' | 'transaction' | 'commit'

const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
])

/** True for errors that mean the connection (not the statement) failed. */
export function isConnectionError(error: unknown): boolean {
  const code = sqlStateOf(error)
  if (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true
  const message = error instanceof Error ? error.message : ''
  return /connection terminated|not queryable|connection (?:was )?closed|client was closed/i.test(message)
}

interface UniqueRule {
  readonly message: string
  readonly field?: string
  readonly retryable?: boolean
}

/** What breaking each unique index means, by index name (see migrations/0001-init.ts). */
const UNIQUE_RULES: Readonly<Record<string, UniqueRule>> = {
  credkit_credentials_pkey: { message: 'A credential with this id already exists', field: 'id' },
  credkit_credentials_name_key: {
    message: 'A credential of this type with this name already exists',
    field: 'name',
  },
  credkit_credentials_default_key: {
    message: 'The account already has a default registry',
    field: 'isDefault',
    retryable: true,
  },
  credkit_audit_events_pkey: { message: 'The audit chain head moved', retryable: true },
}

/**
 * Translates a driver error at the adapter boundary: unique rules and lost races become
 * `CONFLICT` (retryable when running the transaction again may succeed), everything else a
 * `STORAGE_FAILED`. `operation` (`credentials.insert`) names the call in messages.
 */
export function translateError(error: unknown, operation: string, phase: ErrorPhase): Error {
  if (isCredentialsError(error)) return error
  const sqlState = sqlStateOf(error)
  if (sqlState === '23505') {
    const rule = UNIQUE_RULES[(error as { constraint?: string }).constraint ?? ''] ?? {
      message: 'A row with the same key already exists',
    }
    return new CredentialsError('CONFLICT', rule.message, {
      field: rule.field,
      retryable: rule.retryable,
      cause: error,
    })
  }
  if (sqlState === '40001' || sqlState === '40P01') {
    return new CredentialsError('CONFLICT', 'A concurrent transaction touched the same rows; run it again', {
      retryable: true,
      cause: error,
    })
  }
  if (sqlState === '55P03') {
    // lock_not_available: `lock_timeout` hit waiting for the account lock or a row lock. The
    // statement did nothing (and a transaction is rolled back): running again is safe.
    return new CredentialsError('CONFLICT', 'Timed out waiting for a lock held by a concurrent transaction', {
      retryable: true,
      cause: error,
    })
  }
  if (isConnectionError(error)) {
    // Before COMMIT the server rolls an interrupted transaction back: running it again is safe.
    if (phase === 'transaction') {
      return new CredentialsError(
        'CONFLICT',
        'The database connection was lost; the transaction was rolled back',
        {
          retryable: true,
          cause: error,
        },
      )
    }
    const outcome = phase === 'commit' ? 'while committing: the outcome is unknown' : `during ${operation}`
    return storageFailed(`The database connection was lost ${outcome}`, { cause: error })
  }
  const state = sqlState === undefined ? 'no SQLSTATE' : `SQLSTATE ${sqlState}`
  return storageFailed(`PostgreSQL rejected ${operation} (${state})`, { cause: error })
}

/** The rejection of a `tx` used after its transaction ended. */
export function transactionEnded(operation: string): CredentialsError {
  return new CredentialsError('CONFLICT', `Transaction already ended: ${operation} called on a closed tx`)
}
