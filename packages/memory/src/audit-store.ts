import { type AuditChainKey, type AuditStore, CredentialsError } from '@credkit/core'
import { compareText, type MemoryState, setEntry, type UndoLog } from './state.js'

const copyKey = (key: AuditChainKey): AuditChainKey =>
  Object.freeze({ ...key, wrapped: Uint8Array.from(key.wrapped), createdAt: new Date(key.createdAt) })

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

export function memoryAuditStore(state: MemoryState, undo: UndoLog): AuditStore {
  return {
    async append(event) {
      const events = state.audit.get(event.accountId) ?? []
      const last = events[events.length - 1]
      if (event.seq !== (last?.seq ?? 0) + 1) {
        throw new CredentialsError('CONFLICT', 'The audit chain head moved', { retryable: true })
      }
      const stored = { ...event, keyId: event.keyId ?? null, mac: event.mac ?? null }
      setEntry(state.audit, event.accountId, [...events, Object.freeze(stored)], undo)
    },
    async head(accountId) {
      const events = state.audit.get(accountId)
      const last = events?.[events.length - 1]
      return last ? { seq: last.seq, hash: last.hash, keyId: last.keyId ?? null } : null
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
    async chainKeys(accountId) {
      return (state.auditKeys.get(accountId) ?? []).map(copyKey)
    },
    async addChainKey(key) {
      const keys = state.auditKeys.get(key.accountId) ?? []
      if (keys.some((k) => k.keyId === key.keyId || k.firstSeq === key.firstSeq)) {
        throw new CredentialsError('CONFLICT', 'The account already has this audit chain key', {
          retryable: true,
        })
      }
      const next = [...keys, copyKey(key)].sort((a, b) => a.firstSeq - b.firstSeq)
      setEntry(state.auditKeys, key.accountId, next, undo)
    },
    async listChainKeysNotUnderKey(kekId, after, limit) {
      return [...state.auditKeys.values()]
        .flat()
        .filter((k) => k.kekId !== kekId)
        .sort((a, b) => compareText(a.accountId, b.accountId) || compareText(a.keyId, b.keyId))
        .filter(
          (k) =>
            after === null ||
            compareText(k.accountId, after.accountId) > 0 ||
            (k.accountId === after.accountId && compareText(k.keyId, after.keyId) > 0),
        )
        .slice(0, limit)
        .map(copyKey)
    },
    async rewrapChainKey(accountId, keyId, expected, next) {
      const keys = state.auditKeys.get(accountId) ?? []
      const current = keys.find((k) => k.keyId === keyId)
      if (!current || current.kekId !== expected.kekId || !sameBytes(current.wrapped, expected.wrapped))
        return false
      const replaced = copyKey({ ...current, kekId: next.kekId, wrapped: next.wrapped })
      setEntry(
        state.auditKeys,
        accountId,
        keys.map((k) => (k === current ? replaced : k)),
        undo,
      )
      return true
    },
  }
}
