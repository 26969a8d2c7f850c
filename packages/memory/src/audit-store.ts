import { type AuditChainKey, type AuditEvent, type AuditStore, CredentialsError } from '@credkit/core'
import { firstAcross, SortedList } from './sorted-list.js'
import { type Changes, compareText, type MemoryState } from './state.js'

const copyKey = (key: AuditChainKey): AuditChainKey =>
  Object.freeze({ ...key, wrapped: Uint8Array.from(key.wrapped), createdAt: new Date(key.createdAt) })
const byAccountThenKeyId = (a: AuditChainKey, b: AuditChainKey) =>
  compareText(a.accountId, b.accountId) || compareText(a.keyId, b.keyId)
const backstop = (what: string) =>
  new CredentialsError('CONFLICT', `Storage constraint: ${what}`, { retryable: true })
/** A call no rule of the core makes: not retryable. */
const refused = (what: string) => new CredentialsError('STORAGE_FAILED', `Storage constraint: ${what}`)

/** The first index whose event has a `seq` above `seq` (events are in ascending `seq`). */
function after(events: ReadonlyArray<{ seq: number }>, seq: number): number {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (events[mid]!.seq <= seq) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function memoryAuditStore(state: MemoryState, changes: Changes): AuditStore {
  const kekList = (kekId: string) =>
    changes.within(state.chainKeysByKek, kekId, () => new SortedList(byAccountThenKeyId))
  return {
    async append(added) {
      const first = added[0]
      if (!first) return
      // Checked whole before anything is stored: all or none.
      let last = state.audit.get(first.accountId)?.at(-1)?.seq ?? 0
      for (const event of added) {
        if (event.accountId !== first.accountId) throw refused('appended events belong to one account')
        if (event.seq <= last) throw backstop('the account has an event with this seq')
        last = event.seq
      }
      const events = changes.within(state.audit, first.accountId, (): AuditEvent[] => [])
      for (const event of added)
        changes.push(events, Object.freeze({ ...event, keyId: event.keyId ?? null, mac: event.mac ?? null }))
    },
    async head(accountId) {
      const last = state.audit.get(accountId)?.at(-1)
      return last ? { seq: last.seq, hash: last.hash, keyId: last.keyId ?? null } : null
    },
    async list(accountId, { order, afterSeq = 0, beforeSeq, limit }) {
      const events = state.audit.get(accountId) ?? []
      if (order === 'asc') return events.slice(after(events, afterSeq), after(events, afterSeq) + limit)
      const end = beforeSeq === undefined ? events.length : after(events, beforeSeq - 1)
      return events.slice(Math.max(0, end - limit), end).reverse()
    },
    async chainKeys(accountId) {
      return (state.chainKeys.get(accountId) ?? []).map(copyKey)
    },
    async addChainKey(key) {
      const keys = state.chainKeys.get(key.accountId) ?? []
      if (keys.some((k) => k.keyId === key.keyId || k.firstSeq === key.firstSeq)) {
        throw backstop('the account has this audit chain key')
      }
      const stored = copyKey(key)
      changes.set(
        state.chainKeys,
        key.accountId,
        [...keys, stored].sort((a, b) => a.firstSeq - b.firstSeq),
      )
      changes.insert(kekList(stored.kekId), stored)
    },
    async replaceChainKeyWrap(accountId, keyId, wrap) {
      const keys = state.chainKeys.get(accountId) ?? []
      const current = keys.find((k) => k.keyId === keyId)
      if (!current) return
      const next = copyKey({ ...current, kekId: wrap.kekId, wrapped: wrap.wrapped })
      changes.set(
        state.chainKeys,
        accountId,
        keys.map((k) => (k === current ? next : k)),
      )
      changes.remove(kekList(current.kekId), current)
      changes.insert(kekList(next.kekId), next)
    },
    async listChainKeysNotUnderKey(kekId, from, limit) {
      const probe = from && ({ accountId: from.accountId, keyId: `${from.keyId}\0` } as AuditChainKey)
      return firstAcross(state.chainKeysByKek, kekId, probe ?? undefined, limit, byAccountThenKeyId).map(
        copyKey,
      )
    },
  }
}
