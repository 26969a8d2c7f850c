/** What a `RegionError` carries besides its message. */
export interface RegionErrorOptions {
  /** HTTP status the region's API answered with (`403`, `422`, `503`...), when there was one. */
  readonly status?: number | undefined
  /**
   * A short machine-readable reason chosen by the adapter: the Kubernetes `Status.reason`
   * (`Forbidden`, `Invalid`, `Conflict`), or a transport reason (`ConnectionRefused`, `Timeout`,
   * `TLSError`). Letters, digits, `.`, `_` and `-` only; anything else is dropped.
   */
  readonly reason?: string | undefined
  readonly cause?: unknown
}

/**
 * The failure a `RegionPort` adapter throws when a region call fails: a short message of the
 * adapter's own wording (never a request body or a secret), the API's status and reason. The
 * engine stores these as the region's structured error (status, reason, message) after redacting
 * every secret of the credential from the message. Any other thrown value is stored as a generic
 * failure whose message is redacted the same way.
 */
export class RegionError extends Error {
  override readonly name = 'RegionError'
  readonly status: number | null
  readonly reason: string | null

  constructor(message: string, options: RegionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.status =
      options.status !== undefined && Number.isInteger(options.status) && options.status > 0
        ? options.status
        : null
    this.reason =
      options.reason !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(options.reason) ? options.reason : null
  }
}

/** The brand every `RegionError` carries, the same symbol in every copy of `@credkit/core`. */
const REGION_ERROR = Symbol.for('credkit.RegionError')
Object.defineProperty(RegionError.prototype, REGION_ERROR, { value: true })

/** Type guard for `RegionError`. Checks the brand, so it holds across copies of the package. */
export function isRegionError(error: unknown): error is RegionError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [REGION_ERROR]?: unknown })[REGION_ERROR] === true
  )
}
