import { type CredentialsErrorCode, isCredentialsError } from '@credkit/core'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** HTTP status per credkit error code, as docs/errors.md lists them. */
const STATUS: Readonly<Record<CredentialsErrorCode, ContentfulStatusCode>> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  IN_USE: 409,
  CRYPTO_FAILED: 500,
  AUDIT_FAILED: 500,
  REGION_FAILED: 502,
  STORAGE_FAILED: 503,
}

/** An error of the HTTP layer itself (no session, unreadable body), shaped like credkit's. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }> = [],
  ) {
    super(message)
  }
}

/**
 * The JSON answer for any error a handler throws. A `CredentialsError` goes out as its `toJSON()`
 * (code, message, field, issues, references: safe for a browser, never a value); its `cause` and
 * anything unexpected are logged here and answered with a generic 500.
 */
export function errorResponse(error: unknown, c: Context) {
  if (isCredentialsError(error)) {
    const status = STATUS[error.code]
    if (status >= 500) console.error(`[platform] ${c.req.method} ${c.req.path}:`, error)
    return c.json(error.toJSON(), status)
  }
  if (error instanceof HttpError) {
    const issues = error.issues.length ? { issues: error.issues } : {}
    return c.json({ code: error.code, message: error.message, ...issues }, error.status)
  }
  console.error(`[platform] ${c.req.method} ${c.req.path}:`, error)
  return c.json({ code: 'INTERNAL', message: 'Something went wrong on the server' }, 500)
}

/** The request's JSON body; a body that is not JSON is a 400 naming the body. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    throw new HttpError(400, 'VALIDATION_FAILED', 'Invalid input: the body must be JSON', [
      { path: [], message: 'expected a JSON body' },
    ])
  }
}
