import type { CredentialType } from './credential-type.js'
import type { CredentialReference } from './references.js'

export const AUDIT_ACTIONS = [
  'credential.created',
  'credential.updated',
  'credential.deleted',
  'credential.default-set',
  'credential.default-cleared',
  'credential.revealed',
  'credential.sync-requested',
  'credential.synced',
  'credential.sync-failed',
  'credential.removed-from-region',
  'credential.drift-healed',
  'credential.keys-rotated',
  'credential.rolled-back',
  'credential.restored',
  'credential.purged',
  'region.prepared',
  'audit.chain-key-rewrapped',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export type AuditActor =
  | { readonly type: 'user'; readonly userId: string }
  | { readonly type: 'system'; readonly reason: string }

/** An audit event as written. Names of fields, never their values. */
export interface AuditEventInput {
  readonly actor: AuditActor
  readonly action: AuditAction
  readonly credential: { readonly id: string; readonly type: CredentialType; readonly name: string } | null
  readonly region?: string | null
  /** Names of the fields an update touched (`password`, `data.server`): names only. */
  readonly fields?: ReadonlyArray<string> | null
  readonly outcome: 'success' | 'failure'
  readonly message?: string | null
  /** For a forced delete: the references it broke. */
  readonly references?: ReadonlyArray<CredentialReference> | null
}

/** A stored audit event: one link of the account's hash chain. */
export interface AuditEvent {
  readonly id: string
  readonly accountId: string
  /** 1, 2, 3… per account, no gaps. */
  readonly seq: number
  readonly at: Date
  readonly actor: AuditActor
  readonly action: AuditAction
  readonly credential: { readonly id: string; readonly type: CredentialType; readonly name: string } | null
  readonly region: string | null
  readonly fields: ReadonlyArray<string> | null
  readonly outcome: 'success' | 'failure'
  readonly message: string | null
  readonly references: ReadonlyArray<CredentialReference> | null
  /** Hash of the previous event of the account (64 zeros for the first). */
  readonly prevHash: string
  /**
   * The account chain key whose HMAC is `mac`. Null or absent only on legacy events, written
   * before keyed chains (before the account's first chain key).
   */
  readonly keyId?: string | null
  /** SHA-256 over the canonical form of this event (`prevHash` and `keyId` included, `mac` not), hex. */
  readonly hash: string
  /** HMAC-SHA256 of `hash` under the chain key `keyId`, hex; null or absent on legacy events. */
  readonly mac?: string | null
}

/**
 * An account's audit chain key: 32 random bytes that MAC the account's events from `firstSeq` on,
 * stored wrapped by a KeyPort key-encryption key. The wrap's associated data binds `accountId`,
 * `keyId` and `firstSeq`, so a record moved, renamed or shifted no longer unwraps.
 */
export interface AuditChainKey {
  readonly accountId: string
  readonly keyId: string
  /** The first event this key MACs; events before it are the unkeyed legacy prefix. */
  readonly firstSeq: number
  /** Id of the KeyPort key-encryption key that wrapped it. */
  readonly kekId: string
  readonly wrapped: Uint8Array
  readonly createdAt: Date
}
