import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { AuditEvent } from './records.js'

/** `prevHash` of an account's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * JSON with sorted keys, ISO dates, and null/undefined members left out: one byte string per event
 * whatever the adapter returns for an absent field.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** SHA-256 (hex) over the canonical event, `prevHash` included, `hash` excluded. */
export function computeEventHash(event: Omit<AuditEvent, 'hash'>): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(event))))
}
