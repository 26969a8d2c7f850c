import type { CredentialType } from '../domain/credential-type.js'
import type { CredentialReference } from '../errors.js'

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
  'credential.keys-rotated',
  'region.prepared',
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
  /** SHA-256 over the canonical form of this event and `prevHash`, hex. */
  readonly hash: string
}
