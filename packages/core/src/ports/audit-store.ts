import type { AuditEvent } from '../audit/records.js'

/** The append-only audit log, one hash chain per account. */
export interface AuditStore {
  /**
   * Appends one event. The caller has computed `seq = head.seq + 1` and the chain hash. Rejects
   * with a retryable `CONFLICT` when the account already has an event with that `seq` (another
   * writer appended first); any other failure rejects too, and the transaction must roll back.
   */
  append(event: AuditEvent): Promise<void>
  /** The last event's `seq` and `hash`, or null for an account with no events. */
  head(accountId: string): Promise<{ seq: number; hash: string } | null>
  /** Events by `seq`: ascending after `afterSeq`, or descending before `beforeSeq`. */
  list(
    accountId: string,
    query: { order: 'asc' | 'desc'; afterSeq?: number; beforeSeq?: number; limit: number },
  ): Promise<AuditEvent[]>
}
