import { sha1 } from '@noble/hashes/legacy.js'
import { isSecret } from '../model/secret.js'
import type { MaterializedCredential } from '../ports/region-port.js'
import { fold } from './sanitize-fold.js'

/**
 * Secret values shorter than this (once whitespace is left out) are not searched for: a short
 * config string (`eu`, `prod`, `true`) would otherwise shred unrelated words of every message.
 * Encodings and fragments shorter than this are not searched for either.
 */
export const MIN_SECRET_LENGTH = 8

/** One form of a secret to look for in a message, folded (lower case, no whitespace). */
export interface SecretPattern {
  readonly text: string
  /**
   * Whether a prefix or a suffix of `text` of at least `MIN_SECRET_LENGTH` characters is redacted
   * too (a message cut inside the secret). False for forms that start with a public value (the
   * `username:` of `username:password`), whose prefixes would redact the username everywhere.
   */
  readonly fragments: boolean
}

function leaves(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value)
  else if (typeof value === 'number' && Number.isFinite(value)) out.push(String(value))
  else if (typeof value === 'bigint') out.push(String(value))
  else if (Array.isArray(value)) for (const item of value) leaves(item, out)
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) leaves(item, out)
}

/**
 * The base64 of `bytes` as it reads inside any longer base64 text (a Kubernetes Secret's `data`, a
 * base64 `.dockerconfigjson`): for each of the three byte alignments, the characters that depend
 * on `bytes` only, in the standard and the URL alphabet, without padding.
 */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = []
  for (const skew of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(skew), bytes])
    const from = Math.ceil((4 * skew) / 3)
    const to = Math.floor((4 * (skew + bytes.length)) / 3)
    out.push(padded.toString('base64').slice(from, to), padded.toString('base64url').slice(from, to))
  }
  return out
}

const unicodeEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`

/** `value` URL-encoded, or null for a string `encodeURIComponent` refuses (a lone surrogate). */
function urlEncoded(value: string): string[] {
  try {
    return [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]
  } catch {
    return []
  }
}

/**
 * The encodings an adapter could put a secret value in: as is, JSON-escaped (also the way Go and
 * `ensure_ascii` encoders escape), URL- and form-encoded, hex, reversed, base64 at every alignment
 * in both alphabets, base64 of the JSON-escaped form (a base64 JSON document), and the htpasswd
 * `{SHA}` digest. Case and inserted whitespace are handled by folding; the upper-cased value is
 * listed for letters whose upper case is not one letter (`ß` → `SS`).
 */
function encodings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1)
  const goJson = json.replace(/[<>&\u2028\u2029]/g, unicodeEscape)
  const asciiJson = json.replace(/[^\x20-\x7e]/g, unicodeEscape)
  const bytes = Buffer.from(value)
  return [
    value,
    value.toUpperCase(),
    json,
    goJson,
    asciiJson,
    ...urlEncoded(value),
    bytes.toString('hex'),
    [...value].reverse().join(''),
    ...base64Cores(bytes),
    ...(json === value ? [] : base64Cores(Buffer.from(json))),
    `{SHA}${Buffer.from(sha1(Buffer.from(value))).toString('base64')}`,
  ]
}

/**
 * The `username:password` pair as Docker (`auth`) and basic-auth carry it: as is, in base64, and
 * in base64 again (the `auth` field inside a base64 `.dockerconfigjson`). Whole matches only.
 */
function pairEncodings(username: string, password: string): string[] {
  const pair = `${username}:${password}`
  const auth = Buffer.from(pair).toString('base64')
  return [pair, auth, ...base64Cores(Buffer.from(pair)), ...base64Cores(Buffer.from(auth))]
}

/**
 * Every form of every secret value of `credential` a region message must not contain: each string
 * or number inside a `Secret` of the payload (each line of a multi-line value too, but PEM armor
 * lines) in every
 * encoding of `encodings`, and the `username:password` pair forms. Values shorter than
 * `MIN_SECRET_LENGTH` are left out.
 */
export function secretPatterns(credential: MaterializedCredential | null): SecretPattern[] {
  if (!credential) return []
  const payload = credential.payload as unknown as Readonly<Record<string, unknown>>
  const username = typeof payload['username'] === 'string' ? payload['username'] : null
  const values: string[] = []
  const pairs: string[] = []
  for (const field of Object.values(payload)) {
    if (!isSecret(field)) continue
    const revealed = field.reveal()
    leaves(revealed, values)
    if (username !== null && typeof revealed === 'string' && revealed.length > 0) {
      pairs.push(...pairEncodings(username, revealed))
    }
  }
  const patterns = new Map<string, boolean>()
  const add = (form: string, fragments: boolean) => {
    const text = fold(form)
    if (text.length >= MIN_SECRET_LENGTH) patterns.set(text, fragments || (patterns.get(text) ?? false))
  }
  for (const value of values) {
    const lines = value.split(/\r?\n/).map((line) => line.trim())
    if (lines.length === 1) {
      for (const form of encodings(value)) add(form, true)
      continue
    }
    // A multi-line value (a PEM key): whole, and line by line for fragments. PEM armor lines are
    // public text, and their ends (`KEY-----`) would match ordinary words: left out.
    for (const form of encodings(value)) add(form, false)
    for (const line of lines) {
      if (!line.startsWith('-----')) for (const form of encodings(line)) add(form, true)
    }
  }
  for (const form of pairs) add(form, false)
  return [...patterns].map(([text, fragments]) => ({ text, fragments }))
}
