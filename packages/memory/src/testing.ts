// @credkit/memory/testing: the physical checks of the conformance suites (what landed in the
// maps, a leak dump, audit tampering), kept off the main entry.
import { compareCodePoints, type StoragePort } from '@credkit/core'
import type { StorageReader } from '@credkit/testing'
import { statesForTests } from './memory-storage.js'
import type { MemoryState } from './state.js'

const valuesOf = <T>(nested: Map<string, Map<string, T>>, accountId: string) =>
  [...nested.entries()]
    .filter(([k]) => k.startsWith(`${accountId}\0`))
    .flatMap(([, inner]) => [...inner.values()])

/** Reads the maps behind a `createMemoryStorage()` directly, bypassing its read methods. */
export function createMemoryReader(storage: StoragePort): StorageReader {
  const state = memoryStateOf(storage)
  return {
    async credential(id) {
      return state.credentials.get(id) ?? null
    },
    async countCredentials(accountId) {
      return (state.listOrder.get(accountId)?.size ?? 0) + (state.deletedOrder.get(accountId)?.size ?? 0)
    },
    async auditEvents(accountId) {
      return [...(state.audit.get(accountId) ?? [])]
    },
    async auditChainKeys(accountId) {
      return [...(state.chainKeys.get(accountId) ?? [])]
    },
    async jobs(accountId) {
      return valuesOf(state.jobs, accountId)
    },
    async statuses(accountId) {
      return valuesOf(state.statuses, accountId).sort(
        (a, b) => compareCodePoints(a.credentialId, b.credentialId) || compareCodePoints(a.region, b.region),
      )
    },
    async countStatuses(accountId) {
      return valuesOf(state.statuses, accountId).length
    },
    async countVersions(accountId) {
      return [...state.versions.entries()]
        .filter(([k]) => k.startsWith(`${accountId}\0`))
        .reduce((n, [, rows]) => n + rows.size, 0)
    },
    async countReferences(accountId) {
      return valuesOf(state.references, accountId).length
    },
    async dump() {
      const plain = (_k: string, v: unknown) =>
        v instanceof Uint8Array
          ? `${Buffer.from(v).toString('hex')} ${Buffer.from(v).toString('base64')}`
          : v instanceof Set || v instanceof Map
            ? [...v]
            : v
      const { credentials, references, regions, statuses, jobs, audit, chainKeys } = state
      const versions = [...state.versions.values()].map((rows) => [...rows.from()])
      return JSON.stringify(
        [credentials, references, regions, statuses, jobs, audit, chainKeys, versions],
        plain,
      )
    },
    async tamperAudit(accountId, seq, change) {
      const events = state.audit.get(accountId) ?? []
      const at = events.findIndex((e) => e.seq === seq)
      if (at === -1) return
      if (change === 'remove') events.splice(at, 1)
      else events[at] = { ...events[at]!, message: `${events[at]!.message ?? ''} (edited)` }
    },
  }
}

/** The maps behind a `createMemoryStorage()`, for tests that tamper with what is stored. */
export function memoryStateOf(storage: StoragePort): MemoryState {
  const state = statesForTests.get(storage)
  if (!state) throw new TypeError('expected a storage made by createMemoryStorage()')
  return state
}

export type { MemoryState } from './state.js'
