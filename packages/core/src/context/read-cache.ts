import { auditWriteFailed } from '../audit/append-event.js'
import type { AuditEvent } from '../model/audit-records.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { compareCodePoints } from '../model/list-order.js'
import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { ReadAhead, StorageTx } from '../ports/storage-port.js'
import type { RegionKey, SyncJobKey } from '../ports/sync-store.js'

type Head = Awaited<ReturnType<StorageTx['audit']['head']>>

/** The stores of one transaction behind the cache, and what the transaction must do with it. */
export interface CachedTransaction {
  readonly tx: StorageTx
  /**
   * Reads the rows of the credentials of `keys`, and the statuses and jobs at `keys`, in one call
   * each (uncached ones only).
   */
  prefetch(accountId: string, keys: ReadonlyArray<RegionKey>): Promise<void>
  /**
   * Sends the writes held back, all in the same turn, then calls `issued` (the adapter's
   * `lastStatementsIssued`, when the flush ends the transaction); run it before the transaction
   * commits.
   */
  flush(issued?: () => void): Promise<void>
}

const key = (accountId: string, id: string) => `${accountId}\0${id}`
const isStatus = (write: RegionStatusRecord | SyncJobKey): write is RegionStatusRecord => 'state' in write
const regionKey = (k: SyncJobKey) => `${key(k.accountId, k.credentialId)}\0${k.region}`
const byRegion = <T extends { region: string }>(items: Iterable<T>) => {
  const list = [...items]
  return list.length > 1 ? list.sort((a, b) => compareCodePoints(a.region, b.region)) : list
}

/**
 * What `cache` holds for `ids`, by (credential id, region), after `load` fetched the ids it
 * lacked.
 */
async function listOf<T extends { region: string }>(
  cache: Map<string, Map<string, T>>,
  load: (accountId: string, ids: ReadonlyArray<string>) => Promise<void>,
  accountId: string,
  ids: ReadonlyArray<string>,
): Promise<T[]> {
  const one = ids.length === 1 ? cache.get(key(accountId, ids[0]!)) : undefined
  if (one) return byRegion(one.values())
  await load(accountId, ids)
  return [...new Set(ids)]
    .sort(compareCodePoints)
    .flatMap((id) => byRegion(cache.get(key(accountId, id))!.values()))
}

/** The distinct (credential, region) keys of `keys`, in (credential id, region) order. */
function sortedKeys(keys: ReadonlyArray<RegionKey>): RegionKey[] {
  const distinct = new Map<string, RegionKey>()
  for (const k of keys) distinct.set(`${k.credentialId}\0${k.region}`, k)
  return [...distinct.values()].sort(
    (a, b) => compareCodePoints(a.credentialId, b.credentialId) || compareCodePoints(a.region, b.region),
  )
}

/** The distinct `ids` that `cache` holds nothing for yet. */
const missingFrom = (cache: Map<string, unknown>, accountId: string, ids: ReadonlyArray<string>) =>
  [...new Set(ids)].filter((id) => !cache.has(key(accountId, id)))

/** `list` grouped by credential key, each group by region. */
function grouped<T extends SyncJobKey>(list: Iterable<T>): Map<string, Map<string, T>> {
  const out = new Map<string, Map<string, T>>()
  for (const item of list) {
    const k = key(item.accountId, item.credentialId)
    const held = out.get(k) ?? new Map<string, T>()
    held.set(item.region, item)
    out.set(k, held)
  }
  return out
}

/**
 * The stores of one transaction with a cache in front of the reads the engine repeats (a
 * credential row, a credential's statuses and jobs, the account's audit head) and the writes it
 * makes most (status upserts and deletes, job deletes, audit appends). A transaction sees its own
 * writes and a fixed snapshot of everyone else's, so a cached read is the read the store would
 * give: every write updates what is cached, and a read the cache cannot answer goes to the store
 * with the held-back writes laid over its answer.
 *
 * The held-back writes go out in `flush`, one call per kind whatever the number of credentials:
 * a group of units on many credentials (a `runDueJobs` fan-out) then costs a fixed number of
 * statements. An audit append that fails there is `AUDIT_FAILED` (or the retryable `CONFLICT` of
 * a lost race), as from `appendAuditEvent`.
 */
export function withReadCache(tx: StorageTx): CachedTransaction {
  const { credentials, sync, audit } = tx
  const rows = new Map<string, CredentialRecord | null>()
  /** Per credential: its statuses, held-back writes included. */
  const statuses = new Map<string, Map<string, RegionStatusRecord>>()
  /** Per credential: its jobs, held-back deletes applied. */
  const jobs = new Map<string, Map<string, SyncJob>>()
  /** Per (credential, region) read alone (`getStatuses`, `getJobs`): what is there, or null. */
  const statusAt = new Map<string, RegionStatusRecord | null>()
  const jobAt = new Map<string, SyncJob | null>()
  const heads = new Map<string, Head>()
  /** Per account: its active regions, once read (`addRegion` drops the list). */
  const regionLists = new Map<string, string[]>()
  /** Held-back status writes per credential, by region: an upsert, or a delete (its key). */
  const statusWrites = new Map<string, Map<string, RegionStatusRecord | SyncJobKey>>()
  const deletedJobs = new Map<string, SyncJobKey>()
  const events = new Map<string, AuditEvent[]>()

  const writeStatus = (k: SyncJobKey, write: RegionStatusRecord | SyncJobKey) => {
    const ck = key(k.accountId, k.credentialId)
    const held = statusWrites.get(ck) ?? new Map<string, RegionStatusRecord | SyncJobKey>()
    held.set(k.region, write)
    statusWrites.set(ck, held)
  }
  const loadStatuses = async (accountId: string, ids: ReadonlyArray<string>) => {
    const missing = missingFrom(statuses, accountId, ids)
    if (missing.length === 0) return
    const fetched = grouped(await sync.listStatuses(accountId, missing))
    for (const id of missing) {
      const k = key(accountId, id)
      const held = fetched.get(k) ?? new Map<string, RegionStatusRecord>()
      // Writes held back for it are laid over what the store has.
      for (const [region, write] of statusWrites.get(k) ?? []) {
        if (isStatus(write)) held.set(region, write)
        else held.delete(region)
      }
      statuses.set(k, held)
    }
  }
  const loadJobs = async (accountId: string, ids: ReadonlyArray<string>) => {
    const missing = missingFrom(jobs, accountId, ids)
    if (missing.length === 0) return
    const fetched = grouped(await sync.listJobs(accountId, missing))
    for (const id of missing) {
      const held = fetched.get(key(accountId, id)) ?? new Map<string, SyncJob>()
      for (const job of held.values()) if (deletedJobs.has(regionKey(job))) held.delete(job.region)
      jobs.set(key(accountId, id), held)
    }
  }
  /**
   * What is at each of `keys`, from the whole-credential cache, the keyed one, or one `fetch` of
   * the keys neither holds. Every write sets the key it writes (and a claim, which drops the
   * keyed jobs, sends the held-back job deletes first), so a key fetched was never written here:
   * the store's answer is the transaction's.
   */
  const atKeys = async <T extends SyncJobKey>(
    accountId: string,
    keys: ReadonlyArray<RegionKey>,
    whole: Map<string, Map<string, T>>,
    keyed: Map<string, T | null>,
    fetch: (accountId: string, keys: ReadonlyArray<RegionKey>) => Promise<T[]>,
  ): Promise<T[]> => {
    const only = keys.length === 1 ? keys[0]! : undefined
    if (only) {
      // The engine's common case (one job's status or job): answered without sorting or copying.
      const credential = key(accountId, only.credentialId)
      const held = whole.get(credential)
      const found = held ? held.get(only.region) : keyed.get(`${credential}\0${only.region}`)
      if (found) return [found]
      if (held || found === null) return []
    }
    const wanted = sortedKeys(keys)
    const at = (k: RegionKey) => regionKey({ accountId, ...k })
    const missing = wanted.filter((k) => !whole.has(key(accountId, k.credentialId)) && !keyed.has(at(k)))
    if (missing.length > 0) {
      const fetched = new Map((await fetch(accountId, missing)).map((item) => [regionKey(item), item]))
      for (const k of missing) keyed.set(at(k), fetched.get(at(k)) ?? null)
    }
    return wanted.flatMap((k) => {
      const held = whole.get(key(accountId, k.credentialId))
      return (held ? held.get(k.region) : keyed.get(at(k))) ?? []
    })
  }
  const statusesAt = (accountId: string, keys: ReadonlyArray<RegionKey>) =>
    atKeys(accountId, keys, statuses, statusAt, sync.getStatuses)
  const jobsAt = (accountId: string, keys: ReadonlyArray<RegionKey>) =>
    atKeys(accountId, keys, jobs, jobAt, sync.getJobs)
  const loadRows = async (accountId: string, ids: ReadonlyArray<string>) => {
    const missing = missingFrom(rows, accountId, ids)
    if (missing.length === 0) return
    const found = new Map((await credentials.getMany(accountId, missing)).map((r) => [r.id, r]))
    for (const id of missing) rows.set(key(accountId, id), found.get(id) ?? null)
  }
  const flushJobs = async () => {
    if (deletedJobs.size === 0) return
    const list = [...deletedJobs.values()]
    deletedJobs.clear()
    await sync.deleteJobs(list)
  }
  // Each flush issues all of its statements before it awaits any: a flush is one turn's statements.
  const flushStatuses = async () => {
    const writes = [...statusWrites.values()].flatMap((held) => [...held.values()])
    statusWrites.clear()
    const upserts = writes.filter(isStatus)
    await Promise.all([
      upserts.length > 0 ? sync.putStatuses(upserts) : undefined,
      ...writes.flatMap((gone) =>
        isStatus(gone) ? [] : [sync.deleteStatus(gone.accountId, gone.credentialId, gone.region)],
      ),
    ])
  }
  const flushEvents = async () => {
    const lists = [...events.values()]
    events.clear()
    await Promise.all(
      lists.map((list) =>
        audit.append(list).catch((error: unknown) => {
          throw auditWriteFailed(error)
        }),
      ),
    )
  }

  const cached: StorageTx = {
    references: tx.references,
    versions: tx.versions,
    credentials: {
      ...credentials,
      async get(accountId, id) {
        const k = key(accountId, id)
        if (!rows.has(k)) await loadRows(accountId, [id])
        return rows.get(k)!
      },
      async getMany(accountId, ids) {
        await loadRows(accountId, ids)
        return [...new Set(ids)].sort(compareCodePoints).flatMap((id) => rows.get(key(accountId, id)) ?? [])
      },
      async insert(record) {
        rows.delete(key(record.accountId, record.id))
        await credentials.insert(record)
        rows.set(key(record.accountId, record.id), record)
      },
      async update(record) {
        rows.delete(key(record.accountId, record.id))
        await credentials.update(record)
        rows.set(key(record.accountId, record.id), record)
      },
      async delete(accountId, id) {
        rows.delete(key(accountId, id))
        await credentials.delete(accountId, id)
        rows.set(key(accountId, id), null)
      },
    },
    sync: {
      ...sync,
      async listRegions(accountId) {
        let list = regionLists.get(accountId)
        if (!list) {
          list = await sync.listRegions(accountId)
          regionLists.set(accountId, list)
        }
        return [...list]
      },
      async addRegion(accountId, region) {
        regionLists.delete(accountId)
        return sync.addRegion(accountId, region)
      },
      listStatuses: (accountId, ids) => listOf(statuses, loadStatuses, accountId, ids),
      getStatuses: statusesAt,
      async putStatuses(list) {
        for (const status of list) {
          writeStatus(status, status)
          statuses.get(key(status.accountId, status.credentialId))?.set(status.region, status)
          statusAt.set(regionKey(status), status)
        }
      },
      async deleteStatus(accountId, credentialId, region) {
        writeStatus({ accountId, credentialId, region }, { accountId, credentialId, region })
        statuses.get(key(accountId, credentialId))?.delete(region)
        statusAt.set(regionKey({ accountId, credentialId, region }), null)
      },
      async listRegionStatuses(accountId, region) {
        await flushStatuses()
        return sync.listRegionStatuses(accountId, region)
      },
      listJobs: (accountId, ids) => listOf(jobs, loadJobs, accountId, ids),
      getJobs: jobsAt,
      async putJobs(list) {
        // Written at once (a claim may follow); a held-back delete of the same job gives way to it.
        // The credentials written leave the cache while the write runs: a failed one leaves nothing stale.
        const touched = new Map<string, Map<string, SyncJob>>()
        for (const job of list) {
          deletedJobs.delete(regionKey(job))
          jobAt.delete(regionKey(job))
          const k = key(job.accountId, job.credentialId)
          const held = jobs.get(k)
          if (held) touched.set(k, held)
          jobs.delete(k)
        }
        await sync.putJobs(list)
        for (const job of list) {
          touched.get(key(job.accountId, job.credentialId))?.set(job.region, job)
          jobAt.set(regionKey(job), job)
        }
        for (const [k, held] of touched) jobs.set(k, held)
      },
      async deleteJobs(keys) {
        for (const k of keys) {
          deletedJobs.set(regionKey(k), {
            accountId: k.accountId,
            credentialId: k.credentialId,
            region: k.region,
          })
          jobs.get(key(k.accountId, k.credentialId))?.delete(k.region)
          jobAt.set(regionKey(k), null)
        }
      },
      async claim(now, options) {
        await flushJobs()
        jobs.clear()
        jobAt.clear()
        return sync.claim(now, options)
      },
    },
    audit: {
      ...audit,
      async head(accountId) {
        if (!heads.has(accountId)) heads.set(accountId, await audit.head(accountId))
        return heads.get(accountId)!
      },
      async append(added) {
        for (const event of added) {
          const held = events.get(event.accountId) ?? []
          held.push(event)
          events.set(event.accountId, held)
          heads.set(event.accountId, { seq: event.seq, hash: event.hash, keyId: event.keyId ?? null })
        }
      },
      async list(accountId, query) {
        await flushEvents()
        return audit.list(accountId, query)
      },
    },
  }
  /** Takes what the adapter read ahead for `keys` as the store's answers (nothing written yet). */
  const seed = (accountId: string, keys: ReadonlyArray<RegionKey>, ahead: ReadAhead) => {
    for (const k of keys) {
      rows.set(key(accountId, k.credentialId), null)
      statusAt.set(regionKey({ accountId, ...k }), null)
      jobAt.set(regionKey({ accountId, ...k }), null)
    }
    for (const row of ahead.rows) rows.set(key(accountId, row.id), row)
    for (const status of ahead.statuses) statusAt.set(regionKey(status), status)
    for (const job of ahead.jobs) jobAt.set(regionKey(job), job)
    heads.set(accountId, ahead.head)
    regionLists.set(accountId, [...ahead.regions])
  }
  return {
    tx: cached,
    prefetch: async (accountId, keys) => {
      if (tx.readAhead) {
        seed(accountId, keys, tx.readAhead)
        return
      }
      await loadRows(
        accountId,
        keys.map((k) => k.credentialId),
      )
      await statusesAt(accountId, keys)
      await jobsAt(accountId, keys)
    },
    flush: async (issued) => {
      // Issued together: an adapter may send them, and its COMMIT, in one round trip.
      const flushed = Promise.all([flushStatuses(), flushJobs(), flushEvents()])
      issued?.()
      await flushed
    },
  }
}
