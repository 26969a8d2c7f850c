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

/**
 * What breaking each unique index means, by index name (see migrations/). The core checks every
 * rule inside the transaction before it writes, so a broken index means a concurrent writer won
 * a race: always retryable, and the run again reports the rule the core sees.
 */
const UNIQUE_RULES: Readonly<Record<string, string>> = {
  credkit_credentials_pkey: 'A credential with this id already exists',
  credkit_credentials_name_key: 'A credential of this type with this name already exists',
  credkit_credentials_default_key: 'The account already has a default registry',
  credkit_audit_events_pkey: 'The audit chain head moved',
  credkit_audit_keys_pkey: 'The account already has this audit chain key',
  credkit_audit_keys_first_seq_key: 'The account already has an audit chain key from this seq',
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
    const message =
      UNIQUE_RULES[(error as { constraint?: string }).constraint ?? ''] ??
      'A row with the same key already exists'
    return new CredentialsError('CONFLICT', message, { retryable: true, cause: error })
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
