import type { AuditChainKey, AuditEvent } from '../model/audit-records.js'

/** The append-only audit log, one hash chain per account, and the wrapped keys that MAC it. */
export interface AuditStore {
  /**
   * Appends one event. The caller has computed `seq = head.seq + 1`, the chain hash and the MAC.
   * Rejects with a retryable `CONFLICT` when the account already has an event with that `seq`
   * (another writer appended first); any other failure rejects too, and the transaction must roll
   * back. `keyId` and `mac` are stored as given (null/absent for legacy events).
   */
  append(event: AuditEvent): Promise<void>
  /** The last event's `seq`, `hash` and `keyId` (null for a legacy event), or null for no events. */
  head(accountId: string): Promise<{ seq: number; hash: string; keyId: string | null } | null>
  /** Events by `seq`: ascending after `afterSeq`, or descending before `beforeSeq`. */
  list(
    accountId: string,
    query: { order: 'asc' | 'desc'; afterSeq?: number; beforeSeq?: number; limit: number },
  ): Promise<AuditEvent[]>
  /** The account's chain keys by ascending `firstSeq` (`[]` when it has none). */
  chainKeys(accountId: string): Promise<AuditChainKey[]>
  /**
   * Stores a new chain key. Rejects with a retryable `CONFLICT` when the account already has a key
   * with that `keyId` or that `firstSeq` (a concurrent writer created the account's key first).
   * Chain keys are never deleted.
   */
  addChainKey(key: AuditChainKey): Promise<void>
  /**
   * Chain keys of every account whose `kekId` is not `kekId`, ordered by (accountId, keyId) after
   * `after`, at most `limit`: the key rotation's work list.
   */
  listChainKeysNotUnderKey(
    kekId: string,
    after: { accountId: string; keyId: string } | null,
    limit: number,
  ): Promise<AuditChainKey[]>
  /**
   * Replaces a chain key's wrap (`kekId`, `wrapped`) if it still holds `expected`'s; resolves false
   * (changing nothing) when it does not or the key is gone. Only the wrap ever changes.
   */
  rewrapChainKey(
    accountId: string,
    keyId: string,
    expected: { kekId: string; wrapped: Uint8Array },
    next: { kekId: string; wrapped: Uint8Array },
  ): Promise<boolean>
}
