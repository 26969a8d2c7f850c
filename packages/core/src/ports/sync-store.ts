import type { RegionStatusRecord, SyncJob } from '../model/sync-records.js'

/** The key of a job (and of a status): one per (account, credential, region). */
export interface SyncJobKey {
  readonly accountId: string
  readonly credentialId: string
  readonly region: string
}

/** One (credential, region) of an account: the key of a status or a job within the account. */
export type RegionKey = Pick<SyncJobKey, 'credentialId' | 'region'>

/** Options of `SyncStore.claim`: the lease, the batch size and optional filters. */
export interface SyncClaimOptions {
  readonly owner: string
  readonly leaseMs: number
  readonly limit: number
  readonly accountId?: string | undefined
  readonly credentialId?: string | undefined
  readonly region?: string | undefined
}

/**
 * Active regions, per-region statuses and the sync job outbox: at most one status and one job
 * per (account, credential, region). The core decides what every row holds (tokens and leases
 * included, see `sync/jobs.ts`); `claim` is the one method that decides on its own.
 */
export interface SyncStore {
  /** Regions the account has deployed to, sorted by code point. */
  listRegions(accountId: string): Promise<string[]>
  /** Marks a region active; true when it was not active before. */
  addRegion(accountId: string, region: string): Promise<boolean>
  /**
   * Statuses of the given credentials, ordered by (credential id, region). One index range per
   * id: the cost follows the ids asked for, not the size of the account.
   */
  listStatuses(accountId: string, credentialIds: ReadonlyArray<string>): Promise<RegionStatusRecord[]>
  /**
   * The statuses of the given (credential, region) pairs that exist, ordered by (credential id,
   * region), each once: `listStatuses` without the regions not asked for. One key lookup per pair.
   */
  getStatuses(accountId: string, keys: ReadonlyArray<RegionKey>): Promise<RegionStatusRecord[]>
  /** The account's statuses in one region, ordered by credential id (`prepareRegion`). */
  listRegionStatuses(accountId: string, region: string): Promise<RegionStatusRecord[]>
  /** Inserts or replaces each status of (credential, region). */
  putStatuses(statuses: ReadonlyArray<RegionStatusRecord>): Promise<void>
  deleteStatus(accountId: string, credentialId: string, region: string): Promise<void>
  /**
   * Jobs of the given credentials, ordered by (credential id, region). One index range per id, as
   * `listStatuses`.
   */
  listJobs(accountId: string, credentialIds: ReadonlyArray<string>): Promise<SyncJob[]>
  /** The jobs of the given (credential, region) pairs that exist, ordered and looked up as `getStatuses`. */
  getJobs(accountId: string, keys: ReadonlyArray<RegionKey>): Promise<SyncJob[]>
  /** Inserts or replaces each job of (credential, region), exactly as given. */
  putJobs(jobs: ReadonlyArray<SyncJob>): Promise<void>
  /** Deletes the job of each (credential, region) given; an absent job is no error. */
  deleteJobs(keys: ReadonlyArray<SyncJobKey>): Promise<void>
  /**
   * Leases up to `limit` jobs whose `runAt <= now` and whose lease is absent or expired (at or
   * before `now`), oldest `runAt` first, ties by (account, credential, region) by code point;
   * each leased job gets `leaseOwner = owner`, `leaseExpiresAt = now + leaseMs` and a new unique
   * `token`. Two concurrent calls never return the same job. Optional filters narrow the
   * candidates before `limit` applies; a filter never bypasses a live lease. Must use an index
   * on `runAt`: the cost follows `limit` and the live leases, not the size of the outbox.
   */
  claim(now: Date, options: SyncClaimOptions): Promise<SyncJob[]>
}
