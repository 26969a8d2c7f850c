// Redactions that need no list of secrets: what a region message never needs and may carry a
// secret in a form no list foresees (a whole Secret manifest, a base64 `.dockerconfigjson`, a
// bcrypt htpasswd line). Every pattern here is linear: no nested or overlapping quantifiers, and
// the PEM scan is a loop of `indexOf` calls.

const REDACTED = '[redacted]'
/** Where a stack trace starts (`\n    at fn (file:1:2)`): spaces only between the newline and `at`. */
const STACK = /\r?\n[ \t]*at /
/** A run of base64 / base64url characters of 24 or more, with its padding. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g
/** A plain CamelCase word (`ValidatingWebhookConfiguration`): mixed case, yet not base64. */
const CAMEL_WORD = /^(?:[A-Z][a-z]+)+$/
/** Hex digits only, 32 or more: a digest or a hex-encoded key. */
const HEX_RUN = /^[0-9a-fA-F]{32,}$/
/** A crypt(3) hash as htpasswd and `/etc/shadow` hold them (`$2y$10$...`, `$apr1$...`, `$6$...`). */
const CRYPT_HASH = /\$(?:2[abxy]?|apr1|1|5|6|7|y)\$[./A-Za-z0-9$]{8,}/g
/** An htpasswd `{SHA}` / `{SSHA}` digest. */
const SHA_DIGEST = /\{S?SHA\}[A-Za-z0-9+/]+={0,2}/gi

/** `text` up to the first stack frame line. */
export function cutStack(text: string): string {
  const at = text.search(STACK)
  return at < 0 ? text : text.slice(0, at)
}

/**
 * Replaces each PEM block with `[redacted]`; a block whose `-----END` line is missing (the message
 * was cut) is redacted to the end of the text.
 */
export function redactPem(text: string): string {
  let out = ''
  let from = 0
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', from)
    if (begin < 0) return out + text.slice(from)
    out += text.slice(from, begin) + REDACTED
    const end = text.indexOf('-----END ', begin)
    if (end < 0) return out
    const close = text.indexOf('-----', end + '-----END '.length)
    from = close < 0 ? text.length : close + '-----'.length
  }
}

/**
 * Whether a run of base64 characters looks like encoded data rather than a name: padded, or
 * mixing upper and lower case (DNS names, resource names and paths never do) without being a
 * plain CamelCase word, or 32+ hex digits.
 */
function looksEncoded(run: string): boolean {
  if (run.endsWith('=') || HEX_RUN.test(run)) return true
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && !CAMEL_WORD.test(run)
}

/** Redacts crypt hashes, `{SHA}` digests and base64-looking or hex runs (`looksEncoded`). */
export function redactBlobs(text: string): string {
  return text
    .replace(CRYPT_HASH, REDACTED)
    .replace(SHA_DIGEST, REDACTED)
    .replace(BASE64_RUN, (run) => (looksEncoded(run) ? REDACTED : run))
}
