import type { CredentialRecord } from '../model/credential-records.js'
import { compareCodePoints } from '../model/list-order.js'
import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { StorageTx } from '../ports/storage-port.js'

type Head = Awaited<ReturnType<StorageTx['audit']['head']>>

const key = (accountId: string, id: string) => `${accountId}\0${id}`
const byRegion = <T extends { region: string }>(items: Iterable<T>) =>
  [...items].sort((a, b) => compareCodePoints(a.region, b.region))

/**
 * Runs `write`; the credentials it touches leave the cache while it runs (a failed write leaves
 * nothing stale), and those that were cached come back with `apply` done on them.
 */
async function writeThrough<T, I extends { accountId: string; credentialId: string }>(
  cache: Map<string, Map<string, T>>,
  items: ReadonlyArray<I>,
  write: () => Promise<void>,
  apply: (held: Map<string, T>, item: I) => void,
): Promise<void> {
  const held = new Map<string, Map<string, T>>()
  for (const item of items) {
    const k = key(item.accountId, item.credentialId)
    const cached = cache.get(k)
    if (cached) held.set(k, cached)
    cache.delete(k)
  }
  await write()
  for (const item of items) {
    const cached = held.get(key(item.accountId, item.credentialId))
    if (cached) apply(cached, item)
  }
  for (const [k, cached] of held) cache.set(k, cached)
}

/**
 * The stores of one transaction with a read cache in front of the reads the engine repeats: a
 * credential row, a credential's statuses and jobs, the account's audit head. Every write through
 * it updates what it has cached (write-through), and a transaction sees its own writes and a
 * fixed snapshot of everyone else's, so a cached read is the read the store would give. A group
 * of units on one credential (a `syncNow` to ten regions) then reads each row once.
 *
 * Status upserts are held back (write-behind) and sent as one `putStatuses` by `flush`, which the
 * caller runs before it commits; a read that the cache cannot answer (statuses of another
 * credential, a region's statuses) flushes first, so it sees them too.
 */
export function withReadCache(tx: StorageTx): { tx: StorageTx; flush: () => Promise<void> } {
  const rows = new Map<string, CredentialRecord | null>()
  /** Status upserts not sent yet, by (account, credential, region): one statement at the end. */
  const pending = new Map<string, RegionStatusRecord>()
  const flush = async () => {
    if (pending.size === 0) return
    const list = [...pending.values()]
    pending.clear()
    await sync.putStatuses(list)
  }
  const statuses = new Map<string, Map<string, RegionStatusRecord>>()
  const jobs = new Map<string, Map<string, SyncJob>>()
  const heads = new Map<string, Head>()
  const { credentials, sync, audit } = tx

  const cached: StorageTx = {
    references: tx.references,
    versions: tx.versions,
    credentials: {
      ...credentials,
      async get(accountId, id) {
        const k = key(accountId, id)
        if (!rows.has(k)) rows.set(k, await credentials.get(accountId, id))
        return rows.get(k)!
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
      async listStatuses(accountId, ids) {
        const missing = ids.filter((id) => !statuses.has(key(accountId, id)))
        if (missing.length > 0) {
          await flush()
          const fetched = await sync.listStatuses(accountId, missing)
          for (const id of missing) statuses.set(key(accountId, id), new Map())
          for (const s of fetched) statuses.get(key(accountId, s.credentialId))!.set(s.region, s)
        }
        return [...new Set(ids)]
          .sort(compareCodePoints)
          .flatMap((id) => byRegion(statuses.get(key(accountId, id))!.values()))
      },
      async putStatuses(list) {
        for (const status of list) {
          pending.set(`${key(status.accountId, status.credentialId)}\0${status.region}`, status)
          statuses.get(key(status.accountId, status.credentialId))?.set(status.region, status)
        }
      },
      async listRegionStatuses(accountId, region) {
        await flush()
        return sync.listRegionStatuses(accountId, region)
      },
      deleteStatus: async (accountId, credentialId, region) => {
        await flush()
        return writeThrough(
          statuses,
          [{ accountId, credentialId }],
          () => sync.deleteStatus(accountId, credentialId, region),
          (held) => held.delete(region),
        )
      },
      async listJobs(accountId, credentialId) {
        const k = key(accountId, credentialId)
        let held = jobs.get(k)
        if (!held) {
          held = new Map((await sync.listJobs(accountId, credentialId)).map((j) => [j.region, j]))
          jobs.set(k, held)
        }
        return byRegion(held.values())
      },
      putJobs: (list) =>
        writeThrough(
          jobs,
          list,
          () => sync.putJobs(list),
          (held, j) => held.set(j.region, j),
        ),
      deleteJob: (accountId, credentialId, region) =>
        writeThrough(
          jobs,
          [{ accountId, credentialId }],
          () => sync.deleteJob(accountId, credentialId, region),
          (held) => held.delete(region),
        ),
      async claim(now, options) {
        jobs.clear()
        return sync.claim(now, options)
      },
    },
    audit: {
      ...audit,
      async head(accountId) {
        if (!heads.has(accountId)) heads.set(accountId, await audit.head(accountId))
        return heads.get(accountId)!
      },
      async append(event) {
        heads.delete(event.accountId)
        await audit.append(event)
        heads.set(event.accountId, { seq: event.seq, hash: event.hash, keyId: event.keyId ?? null })
      },
    },
  }
  return { tx: cached, flush }
}
