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
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i])
    return `${out}]`
  }
  // Keys in UTF-16 code unit order (the default sort), members without a value left out.
  const record = value as Record<string, unknown>
  let out = '{'
  for (const key of Object.keys(record).sort()) {
    const member = record[key]
    if (member === undefined || member === null) continue
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`
  }
  return `${out}}`
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
