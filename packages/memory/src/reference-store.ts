import type { ReferenceRecord, ReferenceStore } from '@credkit/core'
import { type Changes, compareText, key, type MemoryState } from './state.js'

export function memoryReferenceStore(state: MemoryState, changes: Changes): ReferenceStore {
  const ofCredential = (accountId: string, credentialId: string) =>
    changes.within(state.references, key(accountId, credentialId), () => new Map<string, ReferenceRecord>())
  const existing = (accountId: string, credentialId: string) =>
    state.references.get(key(accountId, credentialId))
  return {
    async attach(reference) {
      const refs = ofCredential(reference.accountId, reference.credentialId)
      changes.set(refs, key(reference.kind, reference.id), Object.freeze({ ...reference }))
    },
    async detach(accountId, credentialId, kind, id) {
      const refs = existing(accountId, credentialId)
      if (!refs?.has(key(kind, id))) return false
      changes.set(refs, key(kind, id), undefined)
      return true
    },
    async list(accountId, credentialId) {
      return [...(state.references.get(key(accountId, credentialId))?.values() ?? [])].sort(
        (a, b) => compareText(a.kind, b.kind) || compareText(a.id, b.id),
      )
    },
    async clear(accountId, credentialId) {
      const refs = existing(accountId, credentialId)
      for (const k of [...(refs?.keys() ?? [])]) changes.set(refs!, k, undefined)
    },
  }
}
