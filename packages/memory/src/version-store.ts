import {
  CredentialsError,
  type CredentialVersionRecord,
  type VersionPosition,
  type VersionStore,
} from '@credkit/core'
import { firstAcross, SortedList } from './sorted-list.js'
import { type Changes, compareText, key, type MemoryState } from './state.js'

const newestFirst = (a: { version: number }, b: { version: number }) => b.version - a.version
const byPosition = (a: VersionPosition, b: VersionPosition) =>
  compareText(a.accountId, b.accountId) ||
  compareText(a.credentialId, b.credentialId) ||
  a.version - b.version

/** A probe for the per-credential lists, which compare by version alone. */
const at = (version: number) => ({ version }) as CredentialVersionRecord

const positionOf = (row: CredentialVersionRecord): VersionPosition => ({
  accountId: row.accountId,
  credentialId: row.credentialId,
  version: row.version,
})

/** A private copy in and a fresh copy out: neither side can reach the other's bytes. */
const copy = (row: CredentialVersionRecord): CredentialVersionRecord => ({
  ...row,
  envelope: row.envelope.slice(),
  hostNames: [...row.hostNames],
  fields: [...row.fields],
  at: new Date(row.at),
})

/**
 * History rows, per credential in a list ordered newest first, and per key id in (account,
 * credential, version) order for key rotation.
 */
export function memoryVersionStore(state: MemoryState, changes: Changes): VersionStore {
  const rowsOf = (accountId: string, credentialId: string) =>
    changes.within(
      state.versions,
      key(accountId, credentialId),
      () => new SortedList<CredentialVersionRecord>(newestFirst),
    )
  const keyList = (keyId: string) =>
    changes.within(state.versionsByKeyId, keyId, () => new SortedList(byPosition))
  const remove = (rows: SortedList<CredentialVersionRecord>, row: CredentialVersionRecord) => {
    changes.remove(rows, row)
    changes.remove(keyList(row.keyId), positionOf(row))
  }

  return {
    async put(record) {
      const owner = state.credentials.get(record.credentialId)
      if (owner?.accountId !== record.accountId) {
        throw new CredentialsError(
          'STORAGE_FAILED',
          'Storage constraint: history of a credential that does not exist',
        )
      }
      const rows = rowsOf(record.accountId, record.credentialId)
      const previous = rows.get(record)
      if (previous) remove(rows, previous)
      changes.insert(rows, copy(record))
      changes.insert(keyList(record.keyId), positionOf(record))
    },
    async get(accountId, credentialId, version) {
      const row = state.versions.get(key(accountId, credentialId))?.get(at(version))
      return row ? copy(row) : null
    },
    async list(accountId, credentialId, { before, limit = Number.POSITIVE_INFINITY } = {}) {
      const rows = state.versions.get(key(accountId, credentialId))
      const out: CredentialVersionRecord[] = []
      for (const row of rows?.from(before === undefined ? undefined : at(before - 1)) ?? []) {
        if (out.length >= limit) break
        out.push(copy(row))
      }
      return out
    },
    async deleteBelow(accountId, credentialId, version) {
      const rows = state.versions.get(key(accountId, credentialId))
      if (!rows) return
      const doomed = [...rows.from(at(version - 1))]
      for (const row of doomed) remove(rows, row)
    },
    async listNotUnderKey(primaryKeyId, after, limit) {
      const probe = after && { ...after, version: after.version + 1 }
      return firstAcross(state.versionsByKeyId, primaryKeyId, probe ?? undefined, limit, byPosition).map(
        (p) => copy(state.versions.get(key(p.accountId, p.credentialId))!.get(at(p.version))!),
      )
    },
  }
}
