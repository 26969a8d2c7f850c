import type { RegionStatusRecord, SyncJob, SyncJobInput } from '../model/sync-records.js'

/** Options of `SyncStore.claim`: the lease, the batch size and optional filters. */
export interface SyncClaimOptions {
  readonly owner: string
  readonly leaseMs: number
  readonly limit: number
  readonly accountId?: string | undefined
  readonly credentialId?: string | undefined
  readonly region?: string | undefined
}

/** Active regions, per-region statuses and the sync job outbox. */
export interface SyncStore {
  /** Regions the account has deployed to, sorted. */
  listRegions(accountId: string): Promise<string[]>
  /** Marks a region active; true when it was not active before. */
  addRegion(accountId: string, region: string): Promise<boolean>
  /** Statuses of the given credentials (all of the account's when `credentialIds` is omitted). */
  listStatuses(accountId: string, credentialIds?: ReadonlyArray<string>): Promise<RegionStatusRecord[]>
  /** Inserts or replaces the status of (credential, region). */
  putStatus(status: RegionStatusRecord): Promise<void>
  deleteStatus(accountId: string, credentialId: string, region: string): Promise<void>
  /**
   * Puts a job in the outbox, replacing any job of the same (credential, region) with a new
   * `token`. A lease held on the replaced job is kept, so a worker already pushing the older
   * version finishes before anyone pushes the newer one.
   */
  enqueue(job: SyncJobInput): Promise<void>
  /**
   * Leases up to `limit` jobs whose `runAt <= now` and whose lease is absent or expired, oldest
   * `runAt` first, setting `leaseOwner` and `leaseExpiresAt = now + leaseMs`. Two concurrent
   * calls never return the same job.
   *
   * Optional filters narrow the candidates before `limit` applies (each one given must match):
   * `accountId`, `credentialId` (within `accountId` when both are given) and `region`. `syncNow`
   * claims one credential's jobs, `prepareRegion` one account's jobs in one region, and the
   * worker claims region by region to bound per-region concurrency. A filter never bypasses a
   * live lease: a job leased by another worker is not returned.
   */
  claim(now: Date, options: SyncClaimOptions): Promise<SyncJob[]>
  /**
   * Ends a claimed job. `retryAt` null: the job is done and deleted. Otherwise it is rescheduled
   * with `attempts`. Either way the lease is released. When the job's token changed meanwhile,
   * nothing is settled and false is returned: if a newer job replaced it, the lease this worker
   * still holds (same owner and expiry) is released so the newer job can run; if another worker
   * claimed it after this lease expired, that worker's lease is left alone.
   */
  settle(job: SyncJob, outcome: { retryAt: Date | null; attempts: number }): Promise<boolean>
  /** Jobs of one credential with tokens and leases; the engine reads them in runJob, prepareRegion, syncNow. */
  listJobs(accountId: string, credentialId: string): Promise<SyncJob[]>
}
