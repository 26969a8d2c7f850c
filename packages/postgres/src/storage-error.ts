/**
 * A database failure that is no domain outcome: an unexpected SQL error, a lost connection whose
 * outcome is unknown. The message names the operation and the SQLSTATE, never SQL text or
 * values; the driver error is the `cause`.
 */
export class PostgresStorageError extends Error {
  override readonly name = 'PostgresStorageError'
  /** SQLSTATE of the driver error, when the server sent one. */
  readonly sqlState: string | undefined

  constructor(message: string, options: { sqlState?: string | undefined; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.sqlState = options.sqlState
  }
}

/** The SQLSTATE (or Node error code) of a driver error. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
