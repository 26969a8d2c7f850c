import type { ReferenceRecord, ReferenceStore } from '@credkit/core'
import { compareText, key, type MemoryState, setEntry, type UndoLog } from './state.js'

export function memoryReferenceStore(state: MemoryState, undo: UndoLog): ReferenceStore {
  const ofCredential = (accountId: string, credentialId: string) =>
    [...state.references.values()]
      .filter((r) => r.accountId === accountId && r.credentialId === credentialId)
      .sort((a, b) => compareText(a.kind, b.kind) || compareText(a.id, b.id))
  return {
    async attach(reference) {
      const k = key(reference.accountId, reference.credentialId, reference.kind, reference.id)
      setEntry(state.references, k, Object.freeze({ ...reference }) as ReferenceRecord, undo)
    },
    async detach(accountId, credentialId, kind, id) {
      const k = key(accountId, credentialId, kind, id)
      if (!state.references.has(k)) return false
      setEntry(state.references, k, undefined, undo)
      return true
    },
    async list(accountId, credentialId) {
      return ofCredential(accountId, credentialId)
    },
    async clear(accountId, credentialId) {
      for (const r of ofCredential(accountId, credentialId)) {
        setEntry(state.references, key(accountId, credentialId, r.kind, r.id), undefined, undo)
      }
    },
  }
}
