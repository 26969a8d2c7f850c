import { randomUUID } from 'node:crypto'
import type { RegionKey, RegionStatusRecord, SyncJob, SyncStore } from '@credkit/core'
import { SortedList } from './sorted-list.js'
import { byJobOrder, type Changes, compareText, key, type MemoryState } from './state.js'

const sortedBy = <T>(items: Iterable<T> | undefined, field: (item: T) => string) =>
  [...(items ?? [])].sort((a, b) => compareText(field(a), field(b)))

/** What `table` holds at each key, in (credential id, region) order, each key once. */
function atKeys<T>(
  table: Map<string, Map<string, T>>,
  accountId: string,
  keys: ReadonlyArray<RegionKey>,
): T[] {
  const found = new Map<string, T>()
  for (const { credentialId, region } of keys) {
    const item = table.get(key(accountId, credentialId))?.get(region)
    if (item) found.set(key(credentialId, region), item)
  }
  return [...found.keys()].sort(compareText).map((k) => found.get(k)!)
}

export function memorySyncStore(state: MemoryState, changes: Changes): SyncStore {
  const regionList = (region: string) =>
    changes.within(state.dueByRegion, region, () => new SortedList(byJobOrder))
  const writeJob = (from: SyncJob | undefined, to: SyncJob | undefined) => {
    const job = (to ?? from)!
    if (from) {
      changes.remove(state.due, from)
      changes.remove(regionList(from.region), from)
    }
    if (to) {
      changes.insert(state.due, to)
      changes.insert(regionList(to.region), to)
    }
    changes.set(
      changes.within(state.jobs, key(job.accountId, job.credentialId), () => new Map()),
      job.region,
      to,
    )
  }
  const jobAt = (accountId: string, credentialId: string, region: string) =>
    state.jobs.get(key(accountId, credentialId))?.get(region)
  const writeStatus = (
    s: { accountId: string; credentialId: string; region: string },
    to?: RegionStatusRecord,
  ) => {
    changes.set(
      changes.within(state.statuses, key(s.accountId, s.credentialId), () => new Map()),
      s.region,
      to,
    )
    changes.set(
      changes.within(state.regionStatuses, key(s.accountId, s.region), () => new Map()),
      s.credentialId,
      to,
    )
  }

  return {
    async listRegions(accountId) {
      return sortedBy(state.regions.get(accountId), (region) => region)
    },
    async addRegion(accountId, region) {
      if (state.regions.get(accountId)?.has(region)) return false
      changes.member(state.regions, accountId, region, true)
      return true
    },
    async listStatuses(accountId, credentialIds) {
      return [...new Set(credentialIds)]
        .sort(compareText)
        .flatMap((id) => sortedBy(state.statuses.get(key(accountId, id))?.values(), (s) => s.region))
    },
    async getStatuses(accountId, keys) {
      return atKeys(state.statuses, accountId, keys)
    },
    async listRegionStatuses(accountId, region) {
      return sortedBy(state.regionStatuses.get(key(accountId, region))?.values(), (s) => s.credentialId)
    },
    async putStatuses(statuses) {
      // The failure is copied whole (status, reason, message, time): the caller keeps its object.
      for (const s of statuses)
        writeStatus(s, Object.freeze({ ...s, error: s.error && Object.freeze({ ...s.error }) }))
    },
    async deleteStatus(accountId, credentialId, region) {
      writeStatus({ accountId, credentialId, region })
    },
    async listJobs(accountId, credentialIds) {
      return [...new Set(credentialIds)]
        .sort(compareText)
        .flatMap((id) => sortedBy(state.jobs.get(key(accountId, id))?.values(), (job) => job.region))
    },
    async getJobs(accountId, keys) {
      return atKeys(state.jobs, accountId, keys)
    },
    async putJobs(jobs) {
      for (const job of jobs)
        writeJob(jobAt(job.accountId, job.credentialId, job.region), Object.freeze({ ...job }))
    },
    async deleteJobs(keys) {
      for (const { accountId, credentialId, region } of keys) {
        const current = jobAt(accountId, credentialId, region)
        if (current) writeJob(current, undefined)
      }
    },
    async claim(now, { owner, leaseMs, limit, accountId, credentialId, region }) {
      const candidates =
        credentialId !== undefined && accountId !== undefined
          ? [...(state.jobs.get(key(accountId, credentialId))?.values() ?? [])].sort(byJobOrder)
          : region !== undefined
            ? (state.dueByRegion.get(region)?.from() ?? [])
            : state.due.from()
      const picked: SyncJob[] = []
      for (const job of candidates) {
        if (picked.length >= limit || job.runAt > now) break
        const free = job.leaseExpiresAt === null || job.leaseExpiresAt <= now
        const matches =
          (accountId === undefined || job.accountId === accountId) &&
          (credentialId === undefined || job.credentialId === credentialId) &&
          (region === undefined || job.region === region)
        if (free && matches) picked.push(job)
      }
      const leaseExpiresAt = new Date(now.getTime() + leaseMs)
      return picked.map((job) => {
        // A new token per lease: a worker whose lease expired can no longer settle the job.
        const leased = Object.freeze({ ...job, token: randomUUID(), leaseOwner: owner, leaseExpiresAt })
        writeJob(job, leased)
        return leased
      })
    },
  }
}
