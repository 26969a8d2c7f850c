import type { AuditEvent } from '../model/audit-records.js'

/** An account's newest event, to keep outside the database as an anchor (see `auditHead`). */
export interface AuditHead {
  readonly accountId: string
  readonly seq: number
  readonly hash: string
  /** HMAC of `hash` under the chain key `keyId`; null when the head is a legacy event. */
  readonly mac: string | null
  readonly keyId: string | null
  readonly at: Date
}

/** A head seen earlier; `mac` and `keyId`, when given, must match too. */
export interface AuditAnchor {
  readonly seq: number
  readonly hash: string
  readonly mac?: string | null | undefined
  readonly keyId?: string | null | undefined
}

/** Why a chain does not verify, at the first event that does not fit. */
export type AuditChainBreak =
  /** A seq is absent: an event was removed, or the chain ends before its chain key's first event. */
  | 'missing'
  /** `prevHash` is not the previous event's hash: events were reordered or spliced. */
  | 'relinked'
  /** The event's content does not match its hash. */
  | 'altered'
  /** An event without a MAC where the account's chain is keyed (written without the key). */
  | 'unkeyed'
  /** MACed under a key id that is not the account's chain key for that seq. */
  | 'unknown-key'
  /** The MAC does not match: rewritten and re-hashed by someone without the chain key. */
  | 'forged'
  /** The chain key does not unwrap: its key-encryption key is not in the KeyPort, or it was altered. */
  | 'key-unusable'
  /** The chain ends before the anchor's seq: the newest events were removed. */
  | 'anchor-missing'
  /** The event at the anchor's seq is not the anchored one. */
  | 'anchor-mismatch'

export type AuditChainVerdict =
  | {
      readonly ok: true
      readonly events: number
      /** Events before the account's first chain key: hash-chained but not MACed. */
      readonly legacyEvents: number
      /** The newest event (null for an account with no events): export it as the next anchor. */
      readonly head: AuditHead | null
    }
  | {
      readonly ok: false
      /** Events read up to the break. */
      readonly events: number
      /** `seq` of the first event that does not fit. */
      readonly brokenAt: number
      /** Id of that event as stored, or null when it is absent. */
      readonly eventId: string | null
      readonly reason: AuditChainBreak
      /** One sentence for an operator: what did not match (names, never values). */
      readonly detail: string
    }

/** The anchor form of an event. */
export function toAuditHead(event: AuditEvent): AuditHead {
  return {
    accountId: event.accountId,
    seq: event.seq,
    hash: event.hash,
    mac: event.mac ?? null,
    keyId: event.keyId ?? null,
    at: event.at,
  }
}
