import type { AuditStore } from '../ports/audit-store.js'
import { computeEventHash, GENESIS_HASH } from './hash-chain.js'

export type AuditChainVerdict =
  | { readonly ok: true; readonly events: number; readonly head: string }
  | {
      readonly ok: false
      readonly events: number
      /** `seq` of the first event that does not fit. */
      readonly brokenAt: number
      readonly reason: 'altered' | 'missing' | 'relinked' | 'anchor-missing'
    }

/**
 * Walks an account's chain from the first event: each event's hash must match its content, each
 * `prevHash` the previous hash, and `seq` must have no gaps. Removing the newest events leaves a
 * valid shorter chain; pass a previously seen `anchor` (seq + hash) to detect that too.
 */
export async function verifyChain(
  audit: AuditStore,
  accountId: string,
  options: { anchor?: { seq: number; hash: string }; pageSize?: number } = {},
): Promise<AuditChainVerdict> {
  const pageSize = options.pageSize ?? 500
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let count = 0
  let anchorSeen = options.anchor === undefined
  for (;;) {
    const page = await audit.list(accountId, { order: 'asc', afterSeq: expectedSeq - 1, limit: pageSize })
    for (const event of page) {
      count++
      if (event.seq !== expectedSeq)
        return { ok: false, events: count, brokenAt: expectedSeq, reason: 'missing' }
      if (event.prevHash !== prevHash)
        return { ok: false, events: count, brokenAt: event.seq, reason: 'relinked' }
      const { hash, ...rest } = event
      if (computeEventHash(rest) !== hash)
        return { ok: false, events: count, brokenAt: event.seq, reason: 'altered' }
      if (options.anchor && event.seq === options.anchor.seq) anchorSeen = hash === options.anchor.hash
      prevHash = hash
      expectedSeq++
    }
    if (page.length < pageSize) break
  }
  if (!anchorSeen)
    return { ok: false, events: count, brokenAt: options.anchor!.seq, reason: 'anchor-missing' }
  return { ok: true, events: count, head: prevHash }
}
