import { createHmac, hash as digest } from 'node:crypto'
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
  for (const key of sortedKeys(record)) {
    const member = record[key]
    if (member === undefined || member === null) continue
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`
  }
  return `${out}}`
}

/** The keys of `record` in UTF-16 code unit order; not sorted again when they already are. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record)
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort()
  return keys
}

/**
 * SHA-256 (hex) over the canonical event, `prevHash` and `keyId` included, `hash` and `mac`
 * excluded. A legacy event (no `keyId`) hashes exactly as before keyed chains.
 */
export function computeEventHash(event: Omit<AuditEvent, 'hash'>): string {
  const sealed = event as Partial<AuditEvent>
  const content =
    sealed.hash === undefined && sealed.mac === undefined ? event : unsealed(event as AuditEvent)
  // Node's one-shot SHA-256 (OpenSSL): the same digest as any other, several times faster on an event.
  return digest('sha256', canonicalJson(content), 'hex')
}

function unsealed(event: AuditEvent): Omit<AuditEvent, 'hash' | 'mac'> {
  const { mac: _mac, hash: _hash, ...content } = event
  return content
}

/** HMAC-SHA256 (hex) of an event hash under its chain key. */
export function computeEventMac(chainKey: Uint8Array, hash: string): string {
  return createHmac('sha256', chainKey)
    .update(MAC_TAG + hash, 'utf8')
    .digest('hex')
}
