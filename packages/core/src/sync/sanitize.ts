import { isSecret } from '../crypto/secret.js'
import type { MaterializedCredential } from '../ports/region-port.js'
import { RegionCallTimeout } from './timeout.js'

const MAX_LENGTH = 200
const REDACTED = '[redacted]'
const FALLBACK = 'region call failed'
/** Where a stack trace starts inside a message (`\n    at fn (file:1:2)`). */
const STACK = /\n\s*at\s/
/** A PEM block, or its start when the message was cut before its end line. */
const PEM = /-----BEGIN [^\n-]*-----[\s\S]*?(?:-----END [^\n-]*-----|$)/g
/** A run of base64 / base64url characters, with its padding, of 24 characters or more. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g
/** A plain CamelCase word (`ValidatingWebhookConfiguration`): mixed case, yet not base64. */
const CAMEL_WORD = /^(?:[A-Z][a-z]+)+$/

/**
 * Whether a run of base64 characters looks like encoded data rather than a name: it mixes upper
 * and lower case (lower-case DNS names, resource names and paths never do) and is not a plain
 * CamelCase word, or it ends with `=` padding.
 */
function looksEncoded(run: string): boolean {
  if (run.endsWith('=')) return true
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && !CAMEL_WORD.test(run)
}

/**
 * Redacts what a region message never needs and may carry secrets in a form `secretStrings` does
 * not list (a whole Secret manifest, a `.dockerconfigjson` `{"auths":...}` blob, base64 of a
 * JSON payload): PEM blocks and base64-looking runs of 24+ characters.
 */
function redactBlobs(text: string): string {
  return text.replace(PEM, REDACTED).replace(BASE64_RUN, (run) => (looksEncoded(run) ? REDACTED : run))
}

/** The message a thrown value carries, without dumping objects. */
function rawMessage(error: unknown): string {
  if (error instanceof RegionCallTimeout) return `region call timed out after ${error.timeoutMs} ms`
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint')
    return String(error)
  if (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    return error.message
  }
  return ''
}

function leaves(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const item of value) leaves(item, out)
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) leaves(item, out)
}

/**
 * Every string a message must not contain for this credential: each `Secret` value of the payload
 * (string leaves of a secret object too), its JSON-escaped and base64 forms, each line of a
 * multi-line secret, and the base64 `user:password` pair Docker and htpasswd formats carry.
 */
export function secretStrings(credential: MaterializedCredential | null): string[] {
  if (!credential) return []
  const payload = credential.payload as unknown as Readonly<Record<string, unknown>>
  const values: string[] = []
  for (const value of Object.values(payload)) if (isSecret(value)) leaves(value.reveal(), values)
  const username = typeof payload['username'] === 'string' ? payload['username'] : null
  const out = new Set<string>()
  for (const value of values) {
    if (value.length === 0) continue
    out.add(value)
    out.add(JSON.stringify(value).slice(1, -1))
    out.add(Buffer.from(value).toString('base64'))
    if (username !== null) out.add(Buffer.from(`${username}:${value}`).toString('base64'))
    for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) out.add(line.trim())
  }
  return [...out].sort((a, b) => b.length - a.length)
}

function redact(text: string, secrets: ReadonlyArray<string>): string {
  let out = text
  for (const value of secrets) if (out.includes(value)) out = out.split(value).join(REDACTED)
  return out
}

/**
 * Turns any thrown value into one short line safe to store and show: the message only (no stack,
 * no object dump), every secret of `secrets` redacted, PEM blocks and base64-looking runs of 24+
 * characters redacted whatever they hold, whitespace collapsed, at most 200 characters.
 */
export function sanitizeError(error: unknown, secrets: ReadonlyArray<string> = []): string {
  let text = rawMessage(error)
  text = text.replace(PEM, REDACTED)
  const stack = text.search(STACK)
  if (stack >= 0) text = text.slice(0, stack)
  text = redact(text, secrets)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  text = text.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()
  text = redactBlobs(redact(text, secrets))
  if (text.length === 0) return FALLBACK
  // Cut by code points and repair lone surrogates: the message is hashed into the audit chain and
  // must read back exactly from any storage.
  const points = [...text.toWellFormed()]
  return points.length > MAX_LENGTH ? `${points.slice(0, MAX_LENGTH - 1).join('')}…` : points.join('')
}
