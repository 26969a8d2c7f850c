import type { RegionFailure } from '../model/sync-records.js'
import { isRegionError } from '../region-error.js'
import { cutStack, redactBlobs, redactPem } from './sanitize-blobs.js'
import { redactSecrets } from './sanitize-match.js'
import { MIN_SECRET_LENGTH, type SecretPattern } from './sanitize-patterns.js'
import { RegionCallTimeout } from './timeout.js'

export { MIN_SECRET_LENGTH, type SecretPattern, secretPatterns } from './sanitize-patterns.js'

/**
 * How much of a thrown message is read at all (UTF-16 code units). Everything after is dropped
 * before any pattern runs, so the cost of sanitising is bounded whatever an adapter throws.
 */
export const MAX_INPUT_LENGTH = 4096
/** Length of a stored message, in code points. */
export const MAX_MESSAGE_LENGTH = 200
const FALLBACK = 'region call failed'
const REDACTED = '[redacted]'
const REDACTED_RUN = /(?:\[redacted\] ?)*\[redacted\]/g
const REASON = /^[A-Za-z0-9._-]{1,64}$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const SPACE_RUN = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** The message a thrown value carries, without dumping objects; '' when there is none. */
function rawMessage(error: unknown): string {
  if (error instanceof RegionCallTimeout) return `region call timed out after ${error.timeoutMs} ms`
  if (typeof error === 'string') return error
  if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint')
    return String(error)
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = error.message
    return typeof message === 'string' ? message : ''
  }
  return ''
}

/**
 * Takes back the end of the token the `MAX_INPUT_LENGTH` cut went through, up to
 * `MIN_SECRET_LENGTH - 1` characters: it may be the start of a secret too short to be recognised
 * as one (a longer start is already redacted as a prefix of the secret).
 */
function dropCutToken(text: string): string {
  if (text.endsWith(REDACTED)) return text
  const floor = Math.max(0, text.length - (MIN_SECRET_LENGTH - 1))
  let end = text.length
  while (end > floor && !/\s/.test(text[end - 1]!)) end--
  return text.slice(0, end)
}

/** One short line safe to store, audit and show; see `regionFailure`. */
function sanitizeMessage(raw: string, patterns: ReadonlyArray<SecretPattern>): string {
  // Blobs before secrets: a secret redacted inside a base64 run would leave pieces of the run too
  // short to look encoded.
  let text = redactBlobs(redactPem(cutStack(raw.slice(0, MAX_INPUT_LENGTH))))
  text = redactSecrets(text, patterns)
  if (raw.length > MAX_INPUT_LENGTH) text = dropCutToken(text)
  text = text.replace(SPACE_RUN, ' ').replace(REDACTED_RUN, REDACTED).trim()
  if (text.length === 0) return FALLBACK
  // Cut by code points and repair lone surrogates: the message is hashed into the audit chain and
  // must read back exactly from any storage.
  const points = [...text.toWellFormed()]
  return points.length > MAX_MESSAGE_LENGTH
    ? `${points.slice(0, MAX_MESSAGE_LENGTH - 1).join('')}…`
    : points.join('')
}

function statusOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : null
}

function reasonOf(value: unknown, patterns: ReadonlyArray<SecretPattern>): string | null {
  if (typeof value !== 'string' || !REASON.test(value)) return null
  return redactSecrets(value, patterns) === value ? value : null
}

/**
 * Turns any thrown value into the failure stored for a region: `status` and `reason` of a
 * `RegionError` (checked again: an error from another copy of the package is not trusted), the
 * engine's `Timeout`, or null; a message of one line, at most 200 characters. The message is
 * bounded first (`MAX_INPUT_LENGTH`), cut at the first stack frame, then every `patterns` form of
 * the credential's secrets, PEM blocks, crypt hashes and base64-looking or long hex runs are
 * redacted. Never throws: a value whose message cannot be read gives a generic message.
 */
export function regionFailure(
  error: unknown,
  patterns: ReadonlyArray<SecretPattern> = [],
): Omit<RegionFailure, 'at'> {
  try {
    const message = sanitizeMessage(rawMessage(error), patterns)
    if (error instanceof RegionCallTimeout) return { status: null, reason: 'Timeout', message }
    if (!isRegionError(error)) return { status: null, reason: null, message }
    return { status: statusOf(error.status), reason: reasonOf(error.reason, patterns), message }
  } catch {
    return { status: null, reason: null, message: FALLBACK }
  }
}
