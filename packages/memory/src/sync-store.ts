import { randomUUID } from 'node:crypto'
import type { SyncJob, SyncStore } from '@credkit/core'
import { compareText, key, type MemoryState, setEntry, type UndoLog } from './state.js'

const sameTime = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime()

export function memorySyncStore(state: MemoryState, undo: UndoLog): SyncStore {
  return {
    async listRegions(accountId) {
      return [...(state.regions.get(accountId) ?? [])].sort(compareText)
    },
    async addRegion(accountId, region) {
      const regions = state.regions.get(accountId) ?? new Set<string>()
      if (regions.has(region)) return false
      setEntry(state.regions, accountId, new Set([...regions, region]), undo)
      return true
    },
    async listStatuses(accountId, credentialIds) {
      const wanted = credentialIds ? new Set(credentialIds) : null
      return [...state.statuses.values()]
        .filter((s) => s.accountId === accountId && (wanted === null || wanted.has(s.credentialId)))
        .sort((a, b) => compareText(a.credentialId, b.credentialId) || compareText(a.region, b.region))
    },
    async putStatus(status) {
      setEntry(
        state.statuses,
        key(status.accountId, status.credentialId, status.region),
        // The failure is copied whole (status, reason, message, time): the caller keeps its object.
        Object.freeze({ ...status, error: status.error && Object.freeze({ ...status.error }) }),
        undo,
      )
    },
    async deleteStatus(accountId, credentialId, region) {
      setEntry(state.statuses, key(accountId, credentialId, region), undefined, undo)
    },
    async enqueue(job) {
      const k = key(job.accountId, job.credentialId, job.region)
      const previous = state.jobs.get(k)
      const next: SyncJob = Object.freeze({
        ...job,
        token: randomUUID(),
        leaseOwner: previous?.leaseOwner ?? null,
        leaseExpiresAt: previous?.leaseExpiresAt ?? null,
      })
      setEntry(state.jobs, k, next, undo)
    },
    async claim(now, { owner, leaseMs, limit, ...filter }) {
      const matches = (job: SyncJob) =>
        (filter.accountId === undefined || job.accountId === filter.accountId) &&
        (filter.credentialId === undefined || job.credentialId === filter.credentialId) &&
        (filter.region === undefined || job.region === filter.region)
      const due = [...state.jobs.entries()]
        .filter(
          ([, job]) =>
            matches(job) && job.runAt <= now && (job.leaseExpiresAt === null || job.leaseExpiresAt <= now),
        )
        // Oldest first; ties by (account, credential, region), the order every adapter can give.
        .sort(([ka, a], [kb, b]) => a.runAt.getTime() - b.runAt.getTime() || compareText(ka, kb))
        .slice(0, limit)
      const leaseExpiresAt = new Date(now.getTime() + leaseMs)
      return due.map(([k, job]) => {
        // A new token per lease: a worker whose lease expired can no longer settle the job.
        const leased: SyncJob = Object.freeze({
          ...job,
          token: randomUUID(),
          leaseOwner: owner,
          leaseExpiresAt,
        })
        setEntry(state.jobs, k, leased, undo)
        return leased
      })
    },
    async settle(job, { retryAt, attempts }) {
      const k = key(job.accountId, job.credentialId, job.region)
      const current = state.jobs.get(k)
      if (!current) return false
      if (current.token !== job.token) {
        // Release only the lease this worker still holds (a replaced job keeps it); a lease
        // taken since by another claim is left alone.
        if (current.leaseOwner === job.leaseOwner && sameTime(current.leaseExpiresAt, job.leaseExpiresAt)) {
          setEntry(state.jobs, k, Object.freeze({ ...current, leaseOwner: null, leaseExpiresAt: null }), undo)
        }
        return false
      }
      const next =
        retryAt === null
          ? undefined
          : Object.freeze({ ...current, runAt: retryAt, attempts, leaseOwner: null, leaseExpiresAt: null })
      setEntry(state.jobs, k, next, undo)
      return true
    },
    async listJobs(accountId, credentialId) {
      return [...state.jobs.values()]
        .filter((job) => job.accountId === accountId && job.credentialId === credentialId)
        .sort((a, b) => compareText(a.region, b.region))
    },
  }
}
