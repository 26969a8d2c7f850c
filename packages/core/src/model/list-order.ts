import { CREDENTIAL_TYPES, type CredentialType } from './credential-type.js'

/**
 * The case-folded form of a name that the unique rule compares and lists sort by. Names reach the
 * store already trimmed and NFC-normalised (see `CredentialName`); folding is locale-independent
 * (JS `toLowerCase`), so every adapter stores the same key.
 */
export function credentialNameKey(name: string): string {
  return name.toLowerCase()
}

/**
 * Where a row sits in list order: type (in `CREDENTIAL_TYPES` order: registry, basic auth, TLS,
 * ACME), then name key, then id, the last two by Unicode code point.
 */
export interface CredentialPosition {
  readonly type: CredentialType
  readonly nameKey: string
  readonly id: string
}

/** The position of a row in list order. */
export function positionOf(record: { type: CredentialType; name: string; id: string }): CredentialPosition {
  return { type: record.type, nameKey: credentialNameKey(record.name), id: record.id }
}

/** A type's rank in list order (0 for `container-registry`). */
export function typeRank(type: CredentialType): number {
  return CREDENTIAL_TYPES.indexOf(type)
}

/**
 * Orders strings by Unicode code point, as PostgreSQL's "C" collation does in a UTF-8 database
 * (JS `<` compares UTF-16 code units, which puts U+E000–U+FFFF after astral characters).
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(i)!
    if (x !== y) return x < y ? -1 : 1
    if (x > 0xffff) i++
  }
  return a.length - b.length
}

/** Compares two positions in list order. */
export function comparePositions(a: CredentialPosition, b: CredentialPosition): number {
  return (
    typeRank(a.type) - typeRank(b.type) ||
    compareCodePoints(a.nameKey, b.nameKey) ||
    compareCodePoints(a.id, b.id)
  )
}
