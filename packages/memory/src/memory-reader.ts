import type { StorageReader } from '@credkit/core/testing'
import type { MemoryState } from './state.js'

const inAccount = <T extends { accountId: string }>(rows: Iterable<T>, accountId: string) =>
  [...rows].filter((row) => row.accountId === accountId)

/** Reads the memory adapter's maps directly: the conformance suite's `StorageReader`. */
export function createMemoryReader(state: MemoryState): StorageReader {
  return {
    async credential(id) {
      return state.credentials.get(id) ?? null
    },
    async countCredentials(accountId) {
      return inAccount(state.credentials.values(), accountId).length
    },
    async auditEvents(accountId) {
      return [...(state.audit.get(accountId) ?? [])]
    },
    async auditChainKeys(accountId) {
      return [...(state.auditKeys.get(accountId) ?? [])]
    },
    async jobs(accountId) {
      return inAccount(state.jobs.values(), accountId)
    },
    async countStatuses(accountId) {
      return inAccount(state.statuses.values(), accountId).length
    },
    async countReferences(accountId) {
      return inAccount(state.references.values(), accountId).length
    },
    async dump() {
      const bytes = (_k: string, v: unknown) =>
        v instanceof Uint8Array
          ? `${Buffer.from(v).toString('hex')} ${Buffer.from(v).toString('base64')}`
          : v instanceof Set
            ? [...v]
            : v
      return JSON.stringify(
        [
          state.credentials,
          state.references,
          state.regions,
          state.statuses,
          state.jobs,
          state.audit,
          state.auditKeys,
        ].map((m) => [...m]),
        bytes,
      )
    },
    async tamperAudit(accountId, seq, change) {
      const events = state.audit.get(accountId) ?? []
      state.audit.set(
        accountId,
        change === 'remove'
          ? events.filter((e) => e.seq !== seq)
          : events.map((e) => (e.seq === seq ? { ...e, message: `${e.message ?? ''} (edited)` } : e)),
      )
    },
  }
}
