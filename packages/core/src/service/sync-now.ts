import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, loadCredential, requireManager, userActor } from '../context/guards.js'
import { autocommit, transact } from '../context/transact.js'
import { CredentialId } from '../domain/shell.js'
import type { SyncState } from '../model/sync-records.js'
import { claimMarked } from '../sync/claim-marked.js'
import { runMaterializer } from '../sync/materialize.js'
import { enqueueApply } from '../sync/outbox.js'
import { runJob } from '../sync/run-job.js'
import { parseInput } from '../validate.js'

/** Where a credential stands in one region after `syncNow`. */
export interface RegionSyncResult {
  readonly region: string
  /**
   * `syncing`: another worker holds the job right now; it records the outcome. `error` also
   * covers a call that timed out: its job stays leased until the lease expires, then retries.
   */
  readonly state: SyncState
  /** The version the region holds (null: nothing yet). */
  readonly version: number | null
  /** The sanitised error when `state` is `error`. */
  readonly error?: string
}

/**
 * Re-pushes one credential to every active region now: resets its attempts, enqueues a job per
 * region and, in the same transaction (audited `credential.sync-requested`), leases the jobs no
 * other worker holds and marks them `syncing`; then pushes to every region at once and resolves
 * with per-region results. A region failure is a result, not a rejection.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | AUDIT_FAILED
 */
export async function syncNow(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
): Promise<RegionSyncResult[]> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  const accountId = actor.accountId
  const owner = `sync-now-${ctx.random.id()}`
  const claimed = await transact(ctx, accountId, async (tx) => {
    const record = await loadCredential(tx, accountId, id)
    const { statuses } = await enqueueApply(tx, ctx, record, 'sync-now')
    await appendAuditEvent(tx, ctx, accountId, {
      actor: userActor(actor),
      action: 'credential.sync-requested',
      credential: auditRef(record),
      outcome: 'success',
    })
    return claimMarked(tx, ctx, record, statuses, owner)
  })
  // Every region at once. An outcome that could not be recorded keeps its job leased (it runs
  // again when the lease expires): the statuses read below show where the region stands.
  const build = runMaterializer(ctx)
  await Promise.all(
    claimed.jobs.map((job) => runJob(ctx, job, { build, read: claimed.read }).catch(() => undefined)),
  )

  // Three reads, each atomic on its own: PostgreSQL runs them side by side on the pool.
  const [regions, statuses, jobs] = await autocommit(ctx, (tx) =>
    Promise.all([
      tx.sync.listRegions(accountId),
      tx.sync.listStatuses(accountId, [id]),
      tx.sync.listJobs(accountId, [id]),
    ]),
  )
  const now = ctx.clock.now()
  return regions.map((region) => {
    const status = statuses.find((s) => s.region === region)
    const job = jobs.find((j) => j.region === region)
    const leased = job?.leaseExpiresAt != null && job.leaseExpiresAt > now
    // A timed-out call keeps its job leased after recording `error`: report the error, not `syncing`.
    const state: SyncState = leased && status?.state !== 'error' ? 'syncing' : (status?.state ?? 'not-synced')
    return {
      region,
      state,
      version: status?.version ?? null,
      ...(state === 'error' && status?.error ? { error: status.error.message } : {}),
    }
  })
}
