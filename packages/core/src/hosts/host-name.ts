import { domainToASCII } from 'node:url'

const MAX_NAME_LENGTH = 253
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const ALL_DIGITS = /^[0-9]+$/

/**
 * Normalises a host name to its lower-case A-label form, or returns `null` when it is not a
 * valid host name.
 *
 * Rules, in order:
 * - trim, lower-case, drop one trailing dot; U-labels become A-labels (`bücher` → `xn--bcher-kva`)
 *   through WHATWG `domainToASCII`, which also rejects malformed `xn--` labels;
 * - every label is 1–63 letters, digits and hyphens (LDH), not starting or ending with a hyphen;
 *   the whole name is at most 253 characters;
 * - underscores are refused: they are legal in DNS records but not in host names, CAs no longer
 *   issue certificates for them and Kubernetes Ingress hosts reject them;
 * - the last label may not be all digits, so IPv4 literals (and IPv6, through the `:` rule) are
 *   not host names;
 * - `*` may only be the whole leftmost label, followed by at least two labels: `*.example.com`
 *   is kept as-is, while `*`, `*.com`, `f*.example.com` and `a.*.example.com` are refused.
 */
export function normalizeHostName(name: string): string | null {
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH * 4) return null
  let text = name.trim().toLowerCase()
  if (text.endsWith('.')) text = text.slice(0, -1)
  const wildcard = text.startsWith('*.')
  const rest = wildcard ? text.slice(2) : text
  if (rest === '' || rest.includes('*')) return null
  const ascii = toAscii(rest)
  if (ascii === null) return null
  const labels = ascii.split('.')
  if (wildcard && labels.length < 2) return null
  if (!labels.every((label) => LABEL.test(label))) return null
  if (ALL_DIGITS.test(labels[labels.length - 1] ?? '')) return null
  const out = wildcard ? `*.${ascii}` : ascii
  return out.length <= MAX_NAME_LENGTH ? out : null
}

/** Whether `name` is a normalised wildcard name (`*.` followed by at least two labels). */
export function isWildcardName(name: string): boolean {
  return name.startsWith('*.')
}

function toAscii(text: string): string | null {
  // Plain LDH names skip the WHATWG parser: it rewrites numeric names as IPv4 (`1.2.3` → `1.2.0.3`).
  if (/^[a-z0-9.-]+$/.test(text) && !text.includes('xn--')) return text
  const ascii = domainToASCII(text)
  return ascii === '' ? null : ascii
}
