import type {
  AuditChainKey,
  AuditEvent,
  CredentialRecord,
  CredentialVersionRecord,
  ReferenceRecord,
  RegionStatusRecord,
  SyncJob,
  VersionPosition,
} from '@credkit/core'
import { compareCodePoints as compareText } from '@credkit/core'
import { SortedList } from './sorted-list.js'

/** Where a row is: its account and id. */
export interface RowKey {
  readonly accountId: string
  readonly id: string
}

/** A row's place in list order: type rank, case-folded name, id. */
export interface ListEntry {
  readonly rank: number
  readonly nameKey: string
  readonly id: string
}

/** A deleted row's place in the purge pass's work list: purge time, account, id. */
export interface PurgeEntry {
  readonly at: number
  readonly accountId: string
  readonly id: string
}

/** Everything the memory adapter stores, each table with the indexes its reads need. */
export interface MemoryState {
  readonly credentials: Map<string, CredentialRecord>
  /** accountId → the account's live rows in list order. */
  readonly listOrder: Map<string, SortedList<ListEntry>>
  /** accountId → the account's soft-deleted rows in list order (kept out of every live index). */
  readonly deletedOrder: Map<string, SortedList<ListEntry>>
  /** Deleted rows of every account by (purgeAfter, account, id): the purge pass's work list. */
  readonly purgeOrder: SortedList<PurgeEntry>
  /** keyId → (accountId, id) of the rows sealed under it, in that order: key rotation's work list. */
  readonly byKeyId: Map<string, SortedList<RowKey>>
  /** accountId → id of its default registry (a live row). */
  readonly defaults: Map<string, string>
  /** `accountId \0 hostName` → ids of live rows. */
  readonly hosts: Map<string, Set<string>>
  /** `accountId \0 credentialId` → `kind \0 id` → reference. */
  readonly references: Map<string, Map<string, ReferenceRecord>>
  readonly regions: Map<string, Set<string>>
  /** `accountId \0 credentialId` → region → status. */
  readonly statuses: Map<string, Map<string, RegionStatusRecord>>
  /** `accountId \0 region` → credentialId → status. */
  readonly regionStatuses: Map<string, Map<string, RegionStatusRecord>>
  /** `accountId \0 credentialId` → region → job. */
  readonly jobs: Map<string, Map<string, SyncJob>>
  /** Jobs by (runAt, account, credential, region): all of them, and per region. */
  readonly due: SortedList<SyncJob>
  readonly dueByRegion: Map<string, SortedList<SyncJob>>
  readonly audit: Map<string, AuditEvent[]>
  /** accountId → chain keys by ascending firstSeq. */
  readonly chainKeys: Map<string, AuditChainKey[]>
  /** kekId → chain keys wrapped under it, by (accountId, keyId). */
  readonly chainKeysByKek: Map<string, SortedList<AuditChainKey>>
  /** `accountId \0 credentialId` → its history rows, newest first. */
  readonly versions: Map<string, SortedList<CredentialVersionRecord>>
  /** keyId → positions of the history rows sealed under it, by (account, credential, version). */
  readonly versionsByKeyId: Map<string, SortedList<VersionPosition>>
}

export const byJobOrder = (a: SyncJob, b: SyncJob): number =>
  a.runAt.getTime() - b.runAt.getTime() ||
  compareText(a.accountId, b.accountId) ||
  compareText(a.credentialId, b.credentialId) ||
  compareText(a.region, b.region)

export const byPurgeOrder = (a: PurgeEntry, b: PurgeEntry): number =>
  a.at - b.at || compareText(a.accountId, b.accountId) || compareText(a.id, b.id)

export function createMemoryState(): MemoryState {
  return {
    credentials: new Map(),
    listOrder: new Map(),
    byKeyId: new Map(),
    defaults: new Map(),
    hosts: new Map(),
    references: new Map(),
    regions: new Map(),
    statuses: new Map(),
    regionStatuses: new Map(),
    jobs: new Map(),
    due: new SortedList(byJobOrder),
    dueByRegion: new Map(),
    audit: new Map(),
    chainKeys: new Map(),
    chainKeysByKek: new Map(),
    versions: new Map(),
    versionsByKeyId: new Map(),
    deletedOrder: new Map(),
    purgeOrder: new SortedList(byPurgeOrder),
  }
}

/** Joins key parts with NUL, which no id, name or region contains. */
export function key(...parts: ReadonlyArray<string>): string {
  return parts.join('\0')
}

export { compareText }

/**
 * The changes of the running transaction, each recorded with how to take it back; `rollback`
 * undoes them in reverse order.
 */
export class Changes {
  readonly #undo: Array<() => void> = []

  /** `map[k]`, created (undoably) when missing: the container a write goes into. */
  within<K, V>(map: Map<K, V>, k: K, create: () => V): V {
    const value = map.get(k)
    if (value !== undefined) return value
    const created = create()
    this.set(map, k, created)
    return created
  }

  /** Sets (or, with `value` undefined, deletes) `map[k]`. */
  set<K, V>(map: Map<K, V>, k: K, value: V | undefined): void {
    const had = map.has(k)
    const previous = map.get(k)
    if (value === undefined) map.delete(k)
    else map.set(k, value)
    this.#undo.push(() => (had ? map.set(k, previous as V) : map.delete(k)))
  }

  /** Inserts `item` into `list`, replacing an equal item. */
  insert<T>(list: SortedList<T>, item: T): void {
    const previous = list.get(item)
    list.insert(item)
    this.#undo.push(() => (previous === undefined ? list.delete(item) : list.insert(previous)))
  }

  /** Removes the item equal to `item` from `list`. */
  remove<T>(list: SortedList<T>, item: T): void {
    const previous = list.get(item)
    if (previous === undefined) return
    list.delete(item)
    this.#undo.push(() => list.insert(previous))
  }

  /** Adds `id` to the set `map[k]`, or removes it. */
  member(map: Map<string, Set<string>>, k: string, id: string, present: boolean): void {
    const set = this.within(map, k, () => new Set<string>())
    if (set.has(id) === present) return
    if (present) set.add(id)
    else set.delete(id)
    this.#undo.push(() => (present ? set.delete(id) : set.add(id)))
  }

  /** Appends `item` to `list`. */
  push<T>(list: T[], item: T): void {
    list.push(item)
    this.#undo.push(() => list.pop())
  }

  rollback(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]!()
  }
}
