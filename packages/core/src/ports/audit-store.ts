import type { AuditChainKey, AuditEvent } from '../model/audit-records.js'

/** The append-only audit log, one hash chain per account, and the wrapped keys that MAC it. */
export interface AuditStore {
  /**
   * Appends events as given, in the order given: events of one account with consecutive `seq`
   * (the core computed `seq = head.seq + 1`, the hashes and the MACs; `keyId` and `mac` are null
   * for legacy events). All or none are stored. Backstop: an existing (account, `seq`) is a
   * retryable `CONFLICT`. Events are never changed or deleted.
   */
  append(events: ReadonlyArray<AuditEvent>): Promise<void>
  /** The last event's `seq`, `hash` and `keyId`, or null for no events: one index lookup. */
  head(accountId: string): Promise<{ seq: number; hash: string; keyId: string | null } | null>
  /** Events by `seq`: ascending after `afterSeq`, or descending before `beforeSeq`. */
  list(
    accountId: string,
    query: { order: 'asc' | 'desc'; afterSeq?: number; beforeSeq?: number; limit: number },
  ): Promise<AuditEvent[]>
  /** The account's chain keys by ascending `firstSeq` (`[]` when it has none). */
  chainKeys(accountId: string): Promise<AuditChainKey[]>
  /**
   * Stores a new chain key. Backstop: an existing (account, `keyId`) or (account, `firstSeq`) is a
   * retryable `CONFLICT`. Chain keys are never deleted.
   */
  addChainKey(key: AuditChainKey): Promise<void>
  /** Replaces the wrap (`kekId`, `wrapped`) of an existing chain key; nothing else changes. */
  replaceChainKeyWrap(
    accountId: string,
    keyId: string,
    wrap: { kekId: string; wrapped: Uint8Array },
  ): Promise<void>
  /**
   * Chain keys of every account whose `kekId` is not `kekId`, ordered by (accountId, keyId) after
   * `after`, at most `limit`: the key rotation's work list.
   */
  listChainKeysNotUnderKey(
    kekId: string,
    after: { accountId: string; keyId: string } | null,
    limit: number,
  ): Promise<AuditChainKey[]>
}
