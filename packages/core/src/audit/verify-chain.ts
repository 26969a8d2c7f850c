import { equalBytes } from '@noble/ciphers/utils.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { isCredentialsError } from '../errors.js'
import type { AuditChainKey, AuditEvent } from '../model/audit-records.js'
import type { AuditStore } from '../ports/audit-store.js'
import type { KeyPort } from '../ports/key-port.js'
import { unwrapChainKey } from './chain-key.js'
import { computeEventHash, computeEventMac, GENESIS_HASH } from './hash-chain.js'
import {
  type AuditAnchor,
  type AuditChainBreak,
  type AuditChainVerdict,
  type AuditHead,
  toAuditHead,
} from './verdict.js'

export type { AuditAnchor, AuditChainBreak, AuditChainVerdict, AuditHead } from './verdict.js'

/** Constant-time comparison of two hex MACs; malformed hex never matches. */
export function macMatches(expected: string, actual: string | null | undefined): boolean {
  if (typeof actual !== 'string' || actual.length !== expected.length) return false
  try {
    return equalBytes(hexToBytes(expected), hexToBytes(actual))
  } catch {
    return false
  }
}

type Broken = Extract<AuditChainVerdict, { ok: false }>
type Check = Omit<Broken, 'ok' | 'events'> | null

/** Unwraps each chain key once per verification, remembering failures. */
function keyring(keys: KeyPort, records: ReadonlyArray<AuditChainKey>) {
  const unwrapped = new Map<string, Uint8Array | 'unusable'>()
  return {
    /** The key covering `seq` (null inside the legacy prefix). */
    covering: (seq: number) => records.findLast((r) => r.firstSeq <= seq) ?? null,
    async open(record: AuditChainKey): Promise<Uint8Array | 'unusable'> {
      let key = unwrapped.get(record.keyId)
      if (key === undefined) {
        key = await unwrapChainKey(keys, record).catch((error: unknown) => {
          if (isCredentialsError(error, 'CRYPTO_FAILED')) return 'unusable' as const
          throw error
        })
        unwrapped.set(record.keyId, key)
      }
      return key
    },
    wipe: () => {
      for (const key of unwrapped.values()) if (key !== 'unusable') key.fill(0)
    },
  }
}

async function checkEvent(
  event: AuditEvent,
  expected: { seq: number; prevHash: string },
  ring: ReturnType<typeof keyring>,
): Promise<Check> {
  const at = { brokenAt: event.seq, eventId: event.id }
  if (event.seq !== expected.seq)
    return {
      brokenAt: expected.seq,
      eventId: null,
      reason: 'missing',
      detail: `No event with seq ${expected.seq}`,
    }
  if (event.prevHash !== expected.prevHash)
    return { ...at, reason: 'relinked', detail: 'prevHash is not the hash of the previous event' }
  if (computeEventHash(event) !== event.hash)
    return { ...at, reason: 'altered', detail: 'The event does not match its hash' }
  const record = ring.covering(event.seq)
  if (record === null) {
    if (event.keyId == null && event.mac == null) return null
    return { ...at, reason: 'unknown-key', detail: 'MACed before the account has a chain key for this seq' }
  }
  if (event.keyId == null || event.mac == null)
    return {
      ...at,
      reason: 'unkeyed',
      detail: `No MAC, though the chain is keyed from seq ${record.firstSeq}`,
    }
  if (event.keyId !== record.keyId)
    return { ...at, reason: 'unknown-key', detail: 'keyId is not the account chain key for this seq' }
  const key = await ring.open(record)
  if (key === 'unusable')
    return {
      ...at,
      reason: 'key-unusable',
      detail: `Chain key ${record.keyId} does not unwrap with the KeyPort`,
    }
  if (!macMatches(computeEventMac(key, event.hash), event.mac))
    return { ...at, reason: 'forged', detail: 'The MAC does not match the event' }
  return null
}

function checkAnchor(event: AuditEvent, anchor: AuditAnchor): Check {
  const same =
    event.hash === anchor.hash &&
    (anchor.mac === undefined || (event.mac ?? null) === anchor.mac) &&
    (anchor.keyId === undefined || (event.keyId ?? null) === anchor.keyId)
  if (same) return null
  return {
    brokenAt: event.seq,
    eventId: event.id,
    reason: 'anchor-mismatch',
    detail: 'The event at the anchor seq is not the anchored event',
  }
}

/**
 * Walks an account's chain from the first event. Each event must have the next `seq`, link to
 * the previous hash and match its own hash; from the account's first chain key on, each must also
 * carry a valid HMAC under the key covering its seq (events before it are the legacy prefix, which
 * the first keyed event pins through its `prevHash`). Removing the newest events leaves a valid
 * shorter chain; pass an anchor exported earlier to detect that too.
 * @throws CredentialsError STORAGE_FAILED when the store cannot be read
 */
export async function verifyChain(
  audit: AuditStore,
  keys: KeyPort,
  accountId: string,
  options: { anchor?: AuditAnchor; pageSize?: number } = {},
): Promise<AuditChainVerdict> {
  const pageSize = options.pageSize ?? 500
  const records = await audit.chainKeys(accountId)
  const ring = keyring(keys, records)
  const expected = { seq: 1, prevHash: GENESIS_HASH }
  let count = 0
  let legacy = 0
  let last: AuditEvent | null = null
  const broken = (check: NonNullable<Check>): AuditChainVerdict => ({ ok: false, events: count, ...check })
  try {
    for (;;) {
      const page = await audit.list(accountId, { order: 'asc', afterSeq: expected.seq - 1, limit: pageSize })
      for (const event of page) {
        count++
        const problem =
          (await checkEvent(event, expected, ring)) ??
          (options.anchor?.seq === event.seq ? checkAnchor(event, options.anchor) : null)
        if (problem) return broken(problem)
        if (ring.covering(event.seq) === null) legacy++
        last = event
        expected.seq++
        expected.prevHash = event.hash
      }
      if (page.length < pageSize) break
    }
  } finally {
    ring.wipe()
  }
  const unreached = records.find((r) => r.firstSeq >= expected.seq)
  if (unreached)
    return broken({
      brokenAt: expected.seq,
      eventId: null,
      reason: 'missing',
      detail: `The chain ends before seq ${unreached.firstSeq}, where chain key ${unreached.keyId} starts`,
    })
  if (options.anchor && options.anchor.seq >= expected.seq)
    return broken({
      brokenAt: options.anchor.seq,
      eventId: null,
      reason: 'anchor-missing',
      detail: `The chain ends at seq ${expected.seq - 1}, before the anchor`,
    })
  return { ok: true, events: count, legacyEvents: legacy, head: last ? toAuditHead(last) : null }
}

/**
 * The account's newest event as an anchor, with its own hash and MAC checked (not the events
 * before it: `verifyChain` does that), or the reason it does not verify.
 * @throws CredentialsError STORAGE_FAILED when the store cannot be read
 */
export async function readHead(
  audit: AuditStore,
  keys: KeyPort,
  accountId: string,
): Promise<{ head: AuditHead | null; problem: AuditChainBreak | null }> {
  const [event] = await audit.list(accountId, { order: 'desc', limit: 1 })
  if (!event) return { head: null, problem: null }
  const ring = keyring(keys, await audit.chainKeys(accountId))
  try {
    const check = await checkEvent(event, { seq: event.seq, prevHash: event.prevHash }, ring)
    return { head: toAuditHead(event), problem: check?.reason ?? null }
  } finally {
    ring.wipe()
  }
}
