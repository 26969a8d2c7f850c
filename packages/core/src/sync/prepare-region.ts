import { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import { retryDelayMs } from '../context/backoff.js'
import type { ServiceContext } from '../context/context.js'
import { autocommit, transact } from '../context/transact.js'
import { type CredentialSyncResult, CredentialsError, validationFailed } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { SyncJob } from '../model/sync-records.js'
import { parseInput } from '../validate.js'
import { currentJob, enqueueJobs } from './jobs.js'
import { applyJob, enqueueApply } from './outbox.js'
import { REGION_PREPARED } from './push-reads.js'
import { runDueJobs } from './run-due-jobs.js'

/** Longest pause between two retry rounds inside one `prepareRegion` call. */
const MAX_ROUND_DELAY_MS = 2_000
/** Longest pause between two looks at a job another worker holds. */
const MAX_LEASE_POLL_MS = 100

const Id = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })

/** A region ready for a first deploy: every credential of the account is in place. */
export interface PreparedRegion {
  readonly region: string
  readonly credentials: ReadonlyArray<{
    readonly id: string
    readonly name: string
    readonly state: 'synced'
  }>
}

/**
 * Makes `region` an active region of the account and pushes every credential there, resolving
 * only when all are synced (call it before the first deploy to a region). Failed pushes are
 * retried with a short backoff, up to `maxAttempts` rounds, within the call. On an already active
 * region it re-checks: every credential is pushed again and the region skips what is already in
 * place.
 *
 * A job another worker holds (its push is under way) is waited for: a round then waits until that
 * worker records its outcome, its lease expires (the job is then pushed here), or
 * `2 × callTimeoutMs` have passed, whichever comes first. After `maxAttempts` rounds a credential
 * still held elsewhere is reported `syncing`. A push of this call that timed out keeps its job
 * leased until the lease expires (the call may still land): it is reported `error` at once.
 * @throws CredentialsError VALIDATION_FAILED (unknown `region`) | REGION_FAILED (with `results`) | AUDIT_FAILED
 */
export async function prepareRegion(
  ctx: ServiceContext,
  accountIdInput: unknown,
  regionInput: unknown,
): Promise<PreparedRegion> {
  const accountId = parseInput(Id, accountIdInput, ['accountId'])
  const region = parseInput(Id, regionInput, ['region'])
  await requireKnownRegion(ctx, region)
  await enqueueRegion(ctx, accountId, region)
  // Own lease owner: a job still leased to it after a run is one whose call timed out.
  const owner = `prepare-${ctx.random.id()}`

  for (let round = 1; ; round++) {
    await runDueJobs(ctx, { owner }, { accountId, region })
    const { results, retry, elsewhere } = await progress(ctx, accountId, region, owner)
    const missing = results.filter((result) => result.state !== 'synced')
    if (missing.length === 0) {
      return { region, credentials: results.map(({ id, name }) => ({ id, name, state: 'synced' as const })) }
    }
    if (round >= ctx.sync.maxAttempts || (retry.length === 0 && elsewhere.length === 0)) {
      throw new CredentialsError(
        'REGION_FAILED',
        `${missing.length} of ${results.length} credential(s) could not be put in place in the region`,
        { field: 'region', results },
      )
    }
    if (retry.length > 0) {
      const cap = Math.min(ctx.sync.maxDelayMs, MAX_ROUND_DELAY_MS)
      await ctx.clock.sleep(
        retryDelayMs({ baseDelayMs: ctx.sync.baseDelayMs, maxDelayMs: cap }, round, ctx.random),
      )
      await makeDue(ctx, retry)
    } else {
      await waitForRelease(ctx, elsewhere, ctx.clock.now().getTime() + 2 * ctx.sync.callTimeoutMs)
    }
  }
}

async function requireKnownRegion(ctx: ServiceContext, region: string): Promise<void> {
  let known: string[]
  try {
    known = await ctx.regions.regions()
  } catch (cause) {
    throw new CredentialsError('REGION_FAILED', 'Could not list the regions of the RegionPort', { cause })
  }
  if (!known.includes(region)) {
    throw validationFailed([{ path: ['region'], message: 'expected a region the RegionPort reaches' }])
  }
}

/** One transaction: activate, enqueue a push of every credential, audit. */
async function enqueueRegion(ctx: ServiceContext, accountId: string, region: string): Promise<void> {
  await transact(ctx, accountId, async (tx) => {
    const added = await tx.sync.addRegion(accountId, region)
    const records = await tx.credentials.list(accountId)
    const statuses = new Map(
      (await tx.sync.listRegionStatuses(accountId, region)).map((s) => [s.credentialId, s]),
    )
    const recheck = []
    for (const record of records) {
      const status = statuses.get(record.id)
      if (status?.state === 'synced' && status.version === record.version) {
        // Believed in place: re-check without flagging the row `not-synced` meanwhile.
        recheck.push(applyJob(record, region, REGION_PREPARED, ctx.clock.now()))
      } else {
        await enqueueApply(tx, ctx, record, REGION_PREPARED, { regions: [region] })
      }
    }
    await enqueueJobs(tx, ctx.random, recheck)
    await appendAuditEvent(tx, ctx, accountId, {
      actor: { type: 'system', reason: 'first-deploy' },
      action: 'region.prepared',
      credential: null,
      region,
      outcome: 'success',
      message: `${added ? 'Activated' : 'Already active, re-checked'}: ${records.length} credential(s) to push`,
    })
  })
}

/**
 * Each credential's state in the region, the jobs worth another round, and the jobs another
 * worker holds right now. Jobs still leased to `owner` (its calls timed out) are neither.
 */
async function progress(ctx: ServiceContext, accountId: string, region: string, owner: string) {
  const [records, statuses] = await autocommit(
    ctx,
    async (tx) =>
      [
        await tx.credentials.list(accountId),
        new Map((await tx.sync.listRegionStatuses(accountId, region)).map((s) => [s.credentialId, s])),
      ] as const,
  )
  const results: CredentialSyncResult[] = records.map((record: CredentialRecord) => {
    const status = statuses.get(record.id)
    const inPlace = status?.state === 'synced' && status.version === record.version
    return { id: record.id, name: record.name, state: inPlace ? 'synced' : (status?.state ?? 'not-synced') }
  })
  const now = ctx.clock.now()
  const retry: SyncJob[] = []
  const elsewhere: SyncJob[] = []
  const waiting = results.filter((r) => r.state !== 'synced').map((r) => r.id)
  const jobs = waiting.length === 0 ? [] : await autocommit(ctx, (tx) => tx.sync.listJobs(accountId, waiting))
  for (const job of jobs) {
    if (job.region !== region) continue
    if (job.leaseExpiresAt === null || job.leaseExpiresAt <= now) retry.push(job)
    else if (job.leaseOwner !== owner) elsewhere.push(job)
  }
  return { results, retry, elsewhere }
}

/**
 * Waits until one of `jobs` is no longer held as it was (settled, replaced, released, or its
 * lease expired), or until `deadline`. Both are read on the engine's clock, which it sleeps on.
 */
async function waitForRelease(ctx: ServiceContext, jobs: ReadonlyArray<SyncJob>, deadline: number) {
  const pollMs = Math.min(MAX_LEASE_POLL_MS, Math.max(1, Math.floor(ctx.sync.callTimeoutMs / 20)))
  const left = () => deadline - ctx.clock.now().getTime()
  while (left() > 0) {
    await ctx.clock.sleep(Math.min(pollMs, left()))
    for (const job of jobs) {
      const current = (
        await autocommit(ctx, (tx) => tx.sync.listJobs(job.accountId, [job.credentialId]))
      ).find((j) => j.region === job.region)
      if (
        !current ||
        current.token !== job.token ||
        current.leaseExpiresAt === null ||
        current.leaseExpiresAt <= ctx.clock.now()
      )
        return
    }
  }
}

/** Brings failed jobs forward so the next round runs them; their attempt count is kept. */
async function makeDue(ctx: ServiceContext, jobs: ReadonlyArray<SyncJob>): Promise<void> {
  if (jobs.length === 0) return
  await transact(ctx, jobs[0]!.accountId, async (tx) => {
    const now = ctx.clock.now()
    for (const job of jobs) {
      const current = await currentJob(tx, job)
      if (
        !current ||
        current.token !== job.token ||
        (current.leaseExpiresAt !== null && current.leaseExpiresAt > now)
      )
        continue
      await tx.sync.putJobs([{ ...current, token: ctx.random.id(), runAt: now }])
    }
  })
}
