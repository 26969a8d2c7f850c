import {
  type CredentialRecord,
  type CredentialStore,
  CredentialsError,
  credentialNameKey,
  typeRank,
} from '@credkit/core'
import { firstAcross, SortedList } from './sorted-list.js'
import { type Changes, compareText, key, type ListEntry, type MemoryState, type RowKey } from './state.js'

const byListOrder = (a: ListEntry, b: ListEntry) =>
  a.rank - b.rank || compareText(a.nameKey, b.nameKey) || compareText(a.id, b.id)
const byAccountThenId = (a: RowKey, b: RowKey) =>
  compareText(a.accountId, b.accountId) || compareText(a.id, b.id)

const listEntry = (row: CredentialRecord): ListEntry => ({
  rank: typeRank(row.type),
  nameKey: credentialNameKey(row.name),
  id: row.id,
})

/** Callers get their own copy: mutating it cannot reach the store. */
const readRow = (row: CredentialRecord): CredentialRecord => ({
  ...row,
  envelope: row.envelope.slice(),
  hostNames: [...row.hostNames],
})
const NO_HOSTS: ReadonlyArray<string> = Object.freeze([])

const backstop = (what: string) =>
  new CredentialsError('CONFLICT', `Storage constraint: ${what}`, { retryable: true })

export function memoryCredentialStore(state: MemoryState, changes: Changes): CredentialStore {
  const ofAccount = (accountId: string, id: string) => {
    const row = state.credentials.get(id)
    return row?.accountId === accountId ? row : undefined
  }
  const listOf = (accountId: string) =>
    changes.within(state.listOrder, accountId, () => new SortedList(byListOrder))
  const keyList = (keyId: string) =>
    changes.within(state.byKeyId, keyId, () => new SortedList(byAccountThenId))

  /** Moves row `id` from `from` to `to` (either may be absent) in the table and every index. */
  const write = (from: CredentialRecord | undefined, to: CredentialRecord | undefined) => {
    if (to) {
      const named = findByName(to.accountId, listEntry(to))
      if (named && named.id !== to.id) throw backstop('the account has a credential of this type and name')
      if (to.isDefault && (state.defaults.get(to.accountId) ?? to.id) !== to.id)
        throw backstop('the account has a default registry')
    }
    if (from) {
      changes.remove(listOf(from.accountId), listEntry(from))
      changes.remove(keyList(from.keyId), { accountId: from.accountId, id: from.id })
      if (from.isDefault) changes.set(state.defaults, from.accountId, undefined)
      for (const name of from.hostNames)
        changes.member(state.hosts, key(from.accountId, name), from.id, false)
    }
    if (to) {
      changes.insert(listOf(to.accountId), listEntry(to))
      changes.insert(keyList(to.keyId), { accountId: to.accountId, id: to.id })
      if (to.isDefault) changes.set(state.defaults, to.accountId, to.id)
      for (const name of to.hostNames) changes.member(state.hosts, key(to.accountId, name), to.id, true)
    }
    changes.set(state.credentials, (to ?? from)!.id, to)
  }
  const findByName = (accountId: string, probe: ListEntry) => {
    const [first] = state.listOrder.get(accountId)?.from({ ...probe, id: '' }) ?? []
    return first?.rank === probe.rank && first.nameKey === probe.nameKey
      ? state.credentials.get(first.id)
      : undefined
  }
  // A private copy, not frozen: a frozen row costs V8 about twice the memory, and no caller ever
  // holds a stored row (reads copy).
  const stored = (row: CredentialRecord): CredentialRecord => ({
    ...row,
    envelope: row.envelope.slice(),
    hostNames: row.hostNames.length === 0 ? NO_HOSTS : [...row.hostNames],
  })

  return {
    async insert(record) {
      if (state.credentials.has(record.id)) throw backstop('a credential with this id exists')
      write(undefined, stored(record))
    },
    async update(record) {
      const current = ofAccount(record.accountId, record.id)
      if (!current || current.type !== record.type) throw backstop('no such row of this type to update')
      write(current, stored(record))
    },
    async delete(accountId, id) {
      const current = ofAccount(accountId, id)
      if (current) write(current, undefined)
    },
    async get(accountId, id) {
      const row = ofAccount(accountId, id)
      return row ? readRow(row) : null
    },
    async findByName(accountId, type, nameKey) {
      const row = findByName(accountId, { rank: typeRank(type), nameKey, id: '' })
      return row ? readRow(row) : null
    },
    async list(accountId, { type, after, limit = Number.POSITIVE_INFINITY } = {}) {
      const rank = type === undefined ? null : typeRank(type)
      const typeStart = { rank: rank ?? 0, nameKey: '', id: '' }
      const afterEntry = after && { rank: typeRank(after.type), nameKey: after.nameKey, id: after.id }
      const start = afterEntry && byListOrder(afterEntry, typeStart) > 0 ? afterEntry : typeStart
      const rows: CredentialRecord[] = []
      for (const item of state.listOrder.get(accountId)?.from(start) ?? []) {
        if (rows.length >= limit || (rank !== null && item.rank !== rank)) break
        if (start !== afterEntry || byListOrder(item, start) !== 0) {
          rows.push(readRow(state.credentials.get(item.id)!))
        }
      }
      return rows
    },
    async getDefault(accountId) {
      const id = state.defaults.get(accountId)
      return id === undefined ? null : readRow(state.credentials.get(id)!)
    },
    async findByHostNames(accountId, names) {
      const ids = new Set<string>()
      for (const name of names) for (const id of state.hosts.get(key(accountId, name)) ?? []) ids.add(id)
      return [...ids].sort(compareText).map((id) => readRow(state.credentials.get(id)!))
    },
    async listNotUnderKey(primaryKeyId, after, limit) {
      // Strictly after `after`: ids never contain NUL, so `id \0` sorts right after `id`.
      const probe = after && { accountId: after.accountId, id: `${after.id}\0` }
      return firstAcross(state.byKeyId, primaryKeyId, probe ?? undefined, limit, byAccountThenId).map((k) =>
        readRow(state.credentials.get(k.id)!),
      )
    },
  }
}
