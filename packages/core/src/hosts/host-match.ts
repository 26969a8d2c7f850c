import { isIP } from 'node:net'
import { isWildcardName, normalizeHostName } from './host-name.js'

/**
 * Whether a certificate name (`pattern`) covers `host`.
 *
 * Names compare case-insensitively as A-labels with one trailing dot ignored. `*.example.com`
 * covers exactly one extra leftmost label (`api.example.com`, not `example.com` nor
 * `a.b.example.com`). Partial-label (`f*.example.com`), inner and single-parent (`*.com`)
 * wildcards, and anything that is not a valid host name, match nothing. A host that is itself a
 * wildcard (`*.example.com`) is only covered by that exact name.
 */
export function hostMatches(pattern: string, host: string): boolean {
  const name = normalizeHostName(pattern)
  const target = normalizeHostName(host)
  if (name === null || target === null) return false
  if (name === target) return true
  if (!isWildcardName(name) || isWildcardName(target)) return false
  return parentOf(target) === name.slice(2)
}

/**
 * The normalised names a certificate must carry to match `host`: the host itself and, for a
 * non-wildcard host of three or more labels, `*.` + its parent. Storage adapters index
 * certificates by `certificateHostNames` and look up with these keys, so lookups are not scans.
 */
export function hostLookupNames(host: string): string[] {
  const target = normalizeHostName(host)
  if (target === null) return []
  if (isWildcardName(target)) return [target]
  const parent = parentOf(target)
  // The parent needs two labels: `*.com` matches nothing (see `normalizeHostName`).
  return parent?.includes('.') ? [target, `*.${parent}`] : [target]
}

/**
 * A certificate's index keys from its CN and DNS alt names: normalised and deduplicated, IP
 * addresses and names that can match nothing (invalid, partial or inner wildcards) left out.
 */
export function certificateHostNames(names: ReadonlyArray<string>): string[] {
  const out = new Set<string>()
  for (const raw of names) {
    if (typeof raw !== 'string' || isIP(raw.trim()) !== 0) continue
    const name = normalizeHostName(raw)
    if (name !== null) out.add(name)
  }
  return [...out]
}

function parentOf(name: string): string | null {
  const dot = name.indexOf('.')
  return dot > 0 ? name.slice(dot + 1) : null
}
