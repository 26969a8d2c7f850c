import { type AuditStore, CredentialsError } from '@credkit/core'
import { type MemoryState, setEntry, type UndoLog } from './state.js'

export function memoryAuditStore(state: MemoryState, undo: UndoLog): AuditStore {
  return {
    async append(event) {
      const events = state.audit.get(event.accountId) ?? []
      const last = events[events.length - 1]
      if (event.seq !== (last?.seq ?? 0) + 1) {
        throw new CredentialsError('CONFLICT', 'The audit chain head moved', { retryable: true })
      }
      setEntry(state.audit, event.accountId, [...events, Object.freeze({ ...event })], undo)
    },
    async head(accountId) {
      const events = state.audit.get(accountId)
      const last = events?.[events.length - 1]
      return last ? { seq: last.seq, hash: last.hash } : null
    },
    async list(accountId, query) {
      const events = state.audit.get(accountId) ?? []
      if (query.order === 'asc') {
        return events.filter((e) => e.seq > (query.afterSeq ?? 0)).slice(0, query.limit)
      }
      return events
        .filter((e) => query.beforeSeq === undefined || e.seq < query.beforeSeq)
        .reverse()
        .slice(0, query.limit)
    },
  }
}
