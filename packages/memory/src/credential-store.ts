import {
  type CredentialRecord,
  type CredentialStore,
  CredentialsError,
  credentialNameKey,
  typeRank,
} from '@credkit/core'
import { firstAcross, SortedList } from './sorted-list.js'
import {
  type Changes,
  compareText,
  key,
  type ListEntry,
  type MemoryState,
  type PurgeEntry,
  type RowKey,
} from './state.js'

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
  updatedFields: [...row.updatedFields],
})
const NONE: ReadonlyArray<string> = Object.freeze([])

const backstop = (what: string) =>
  new CredentialsError('CONFLICT', `Storage constraint: ${what}`, { retryable: true })
/** A row no rule of the core would write (a PostgreSQL check or foreign key): not retryable. */
const refused = (what: string) => new CredentialsError('STORAGE_FAILED', `Storage constraint: ${what}`)

const purgeEntry = (row: CredentialRecord): PurgeEntry | undefined =>
  row.purgeAfter ? { at: row.purgeAfter.getTime(), accountId: row.accountId, id: row.id } : undefined

/** The soft-delete fields are all set or all null. */
function checkDeleted(row: CredentialRecord): void {
  const set = [row.deletedAt, row.deletedBy, row.purgeAfter].filter((v) => v !== null).length
  if (set !== 0 && set !== 3) throw refused('deletedAt, deletedBy and purgeAfter are set together')
}

export function memoryCredentialStore(state: MemoryState, changes: Changes): CredentialStore {
  const ofAccount = (accountId: string, id: string) => {
    const row = state.credentials.get(id)
    return row?.accountId === accountId ? row : undefined
  }
  const listOf = (row: CredentialRecord) =>
    changes.within(
      row.deletedAt ? state.deletedOrder : state.listOrder,
      row.accountId,
      () => new SortedList(byListOrder),
    )
  const keyList = (keyId: string) =>
    changes.within(state.byKeyId, keyId, () => new SortedList(byAccountThenId))

  /**
   * Moves row `id` from `from` to `to` (either may be absent) in the table and every index. A
   * deleted row is only in the deleted list order, the purge order and the key index.
   */
  const write = (from: CredentialRecord | undefined, to: CredentialRecord | undefined) => {
    if (to) {
      checkDeleted(to)
      const named = findByName(to.accountId, listEntry(to))
      if (named && named.id !== to.id) throw backstop('the account has a credential of this type and name')
      if (!to.deletedAt && to.isDefault && (state.defaults.get(to.accountId) ?? to.id) !== to.id)
        throw backstop('the account has a default registry')
    }
    if (from) {
      changes.remove(listOf(from), listEntry(from))
      changes.remove(keyList(from.keyId), { accountId: from.accountId, id: from.id })
      const purge = purgeEntry(from)
      if (purge) changes.remove(state.purgeOrder, purge)
      if (!from.deletedAt) {
        if (from.isDefault) changes.set(state.defaults, from.accountId, undefined)
        for (const name of from.hostNames)
          changes.member(state.hosts, key(from.accountId, name), from.id, false)
      }
    }
    if (to) {
      changes.insert(listOf(to), listEntry(to))
      changes.insert(keyList(to.keyId), { accountId: to.accountId, id: to.id })
      const purge = purgeEntry(to)
      if (purge) changes.insert(state.purgeOrder, purge)
      if (!to.deletedAt) {
        if (to.isDefault) changes.set(state.defaults, to.accountId, to.id)
        for (const name of to.hostNames) changes.member(state.hosts, key(to.accountId, name), to.id, true)
      }
    }
    changes.set(state.credentials, (to ?? from)!.id, to)
  }
  /** The live or deleted row with this type and name key: a name stays taken until purge. */
  const findByName = (accountId: string, probe: ListEntry) => {
    for (const order of [state.listOrder, state.deletedOrder]) {
      const [first] = order.get(accountId)?.from({ ...probe, id: '' }) ?? []
      if (first?.rank === probe.rank && first.nameKey === probe.nameKey)
        return state.credentials.get(first.id)
    }
    return undefined
  }
  // A private copy, not frozen: a frozen row costs V8 about twice the memory, and no caller ever
  // holds a stored row (reads copy).
  const stored = (row: CredentialRecord): CredentialRecord => ({
    ...row,
    envelope: row.envelope.slice(),
    hostNames: row.hostNames.length === 0 ? NONE : [...row.hostNames],
    updatedFields: row.updatedFields.length === 0 ? NONE : [...row.updatedFields],
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
      if (!current) return
      if (state.versions.get(key(accountId, id))?.size) throw refused('the credential still has history rows')
      write(current, undefined)
    },
    async get(accountId, id) {
      const row = ofAccount(accountId, id)
      return row ? readRow(row) : null
    },
    async getMany(accountId, ids) {
      return [...new Set(ids)].sort(compareText).flatMap((id) => {
        const row = ofAccount(accountId, id)
        return row ? [readRow(row)] : []
      })
    },
    async findByName(accountId, type, nameKey) {
      const row = findByName(accountId, { rank: typeRank(type), nameKey, id: '' })
      return row ? readRow(row) : null
    },
    async list(accountId, { type, after, limit = Number.POSITIVE_INFINITY, deleted = false } = {}) {
      const rank = type === undefined ? null : typeRank(type)
      const typeStart = { rank: rank ?? 0, nameKey: '', id: '' }
      const afterEntry = after && { rank: typeRank(after.type), nameKey: after.nameKey, id: after.id }
      const start = afterEntry && byListOrder(afterEntry, typeStart) > 0 ? afterEntry : typeStart
      const rows: CredentialRecord[] = []
      const order = deleted ? state.deletedOrder : state.listOrder
      for (const item of order.get(accountId)?.from(start) ?? []) {
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
    async listPurgeable(now, limit) {
      const rows: CredentialRecord[] = []
      for (const item of state.purgeOrder.from()) {
        if (rows.length >= limit || item.at > now.getTime()) break
        rows.push(readRow(state.credentials.get(item.id)!))
      }
      return rows
    },
  }
}
