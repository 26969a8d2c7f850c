import { RegionError } from '@credkit/core'
import { ApiException } from '@kubernetes/client-node'

const MAX_MESSAGE = 300

/** What a failed call was doing, for the message: `apply Secret credkit-…`. */
export interface CallSite {
  readonly verb: string
  readonly kind: string
  readonly name: string
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
])

const TRANSPORT: Record<string, string> = {
  ECONNREFUSED: 'ConnectionRefused',
  ECONNRESET: 'ConnectionReset',
  EHOSTUNREACH: 'HostUnreachable',
  ENOTFOUND: 'HostNotFound',
  ETIMEDOUT: 'Timeout',
}

/** The HTTP status of a Kubernetes API error, or null for a transport failure. */
export function statusOf(error: unknown): number | null {
  return error instanceof ApiException ? error.code : null
}

/**
 * Translates a client failure into a `RegionError`: the HTTP status and the Kubernetes
 * `Status.reason` as its fields, `Status.message` (cut to 300 characters) in its message, or a
 * transport reason. Never the
 * request body: the message is built here, not taken from the client's error text.
 */
export function toRegionError(error: unknown, site: CallSite): RegionError {
  const what = `${site.verb} ${site.kind} ${site.name}`
  if (error instanceof ApiException) {
    const status = parseStatus(error.body)
    const reason = status?.reason ?? reasonOfCode(error.code)
    const detail = status?.message ? `: ${truncate(status.message)}` : ''
    // Status and reason travel as fields (the engine shows them before the message): not repeated here.
    return new RegionError(`Kubernetes API refused ${what}${detail}`, {
      status: error.code,
      reason,
      cause: error,
    })
  }
  const code = transportCode(error)
  const reason =
    code && TLS_CODES.has(code) ? 'TLSError' : code && TRANSPORT[code] ? TRANSPORT[code] : 'TransportError'
  return new RegionError(`Kubernetes API unreachable for ${what}: ${reason}${code ? ` (${code})` : ''}`, {
    reason,
    cause: error,
  })
}

function parseStatus(body: unknown): { reason?: string; message?: string } | null {
  let value = body
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body)
    } catch {
      return null
    }
  }
  if (typeof value !== 'object' || value === null) return null
  const { reason, message } = value as { reason?: unknown; message?: unknown }
  return {
    ...(typeof reason === 'string' && reason !== '' ? { reason } : {}),
    ...(typeof message === 'string' && message !== '' ? { message } : {}),
  }
}

function reasonOfCode(code: number): string {
  if (code === 401) return 'Unauthorized'
  if (code === 403) return 'Forbidden'
  if (code === 404) return 'NotFound'
  if (code === 409) return 'Conflict'
  if (code === 422) return 'Invalid'
  if (code === 429) return 'TooManyRequests'
  if (code >= 500) return 'ServerError'
  return 'Failed'
}

function transportCode(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return null
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line
}
