import { createHash, createHmac } from 'node:crypto'
import type { AuditEvent } from '../model/audit-records.js'

/** `prevHash` of an account's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** Domain tag of an event MAC, so a chain key MACs nothing else by accident. */
const MAC_TAG = 'credkit/audit-event/v1\0'

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

/**
 * SHA-256 (hex) over the canonical event, `prevHash` and `keyId` included, `hash` and `mac`
 * excluded. A legacy event (no `keyId`) hashes exactly as before keyed chains.
 */
export function computeEventHash(event: Omit<AuditEvent, 'hash'>): string {
  const { mac: _mac, hash: _hash, ...content } = event as AuditEvent
  // Node's SHA-256 (OpenSSL): the same digest as any other, several times faster on an event.
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex')
}

/** HMAC-SHA256 (hex) of an event hash under its chain key. */
export function computeEventMac(chainKey: Uint8Array, hash: string): string {
  return createHmac('sha256', chainKey).update(MAC_TAG, 'utf8').update(hash, 'utf8').digest('hex')
}
