import { CredentialsError } from '@credkit/core'

/**
 * A database failure that is no domain outcome (an unexpected SQL error, a lost connection whose
 * outcome is unknown) as `STORAGE_FAILED`. The message names the operation and the SQLSTATE, never
 * SQL text or values; the driver error is the `cause`.
 */
export function storageFailed(message: string, options: { cause?: unknown } = {}): CredentialsError {
  return new CredentialsError('STORAGE_FAILED', message, { cause: options.cause })
}

/** The SQLSTATE (or Node error code) of a driver error. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
