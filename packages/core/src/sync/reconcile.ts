import { z } from 'zod'
import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef } from '../context/guards.js'
import { autocommit, transact } from '../context/transact.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionObservation } from '../ports/region-port.js'
import { parseInput } from '../validate.js'
import { contentHash } from './content-hash.js'
import { enqueueApply } from './outbox.js'
import { runDueJobs } from './run-due-jobs.js'
import { withTimeout } from './timeout.js'

const PAGE = 500
// KeyPort key ids are never empty, so every row is "not under" this one: a scan of all accounts.
const NO_KEY = ''

const Id = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })
const ReconcileInput = z
  .strictObject({ accountId: Id.optional(), region: Id.optional() }, { error: 'expected an object' })
  .optional()

/** What one `reconcile` pass did. */
export interface ReconcileResult {
  /** (credential, region) pairs compared. */
  readonly checked: number
  /** Pairs found edited or missing in the region and pushed again. */
  readonly healed: number
  /** Regions whose inventory could not be read (counted, never thrown). */
  readonly failed: number
}

/**
 * Drift healing: for each account (one, or all) and each of its active regions (one, or all),
 * reads what the region holds (`RegionPort.scan` when the adapter has it, else `observe` per
 * credential) and compares it with the content hash of every credential's current version. A
 * credential whose region status says `synced` but whose objects were edited or deleted by hand is
 * enqueued again (status back to `not-synced`, audit `credential.drift-healed`, one transaction)
 * and pushed at once. Credentials with a push already pending are left to it.
 * @throws CredentialsError VALIDATION_FAILED
 */
export async function reconcile(ctx: ServiceContext, input?: unknown): Promise<ReconcileResult> {
  const scope = parseInput(ReconcileInput, input, ['options']) ?? {}
  const totals = { checked: 0, healed: 0, failed: 0 }
  for await (const [accountId, records] of accounts(ctx, scope.accountId)) {
    const regions = (await autocommit(ctx, (tx) => tx.sync.listRegions(accountId))).filter(
      (region) => scope.region === undefined || region === scope.region,
    )
    let healed = false
    for (const region of regions) {
      const held = await inventory(ctx, region, accountId, records).catch(() => null)
      if (!held) {
        totals.failed++
        continue
      }
      for (const record of records) {
        totals.checked++
        if (await healIfDrifted(ctx, record, region, held.get(record.id) ?? null)) {
          totals.healed++
          healed = true
        }
      }
    }
    if (healed) await runDueJobs(ctx, {}, { accountId })
  }
  return totals
}

async function inventory(
  ctx: ServiceContext,
  region: string,
  accountId: string,
  records: ReadonlyArray<CredentialRecord>,
): Promise<Map<string, RegionObservation>> {
  const port = ctx.regions
  if (port.scan) {
    const scan = port.scan.bind(port)
    return withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) => scan(region, accountId, { signal }))
  }
  const held = new Map<string, RegionObservation>()
  for (const record of records) {
    const ref = { accountId, credentialId: record.id, type: record.type }
    const observation = await withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) =>
      port.observe(region, ref, { signal }),
    )
    if (observation) held.set(record.id, observation)
  }
  return held
}

/** Re-enqueues the push when the region's status says synced but the region holds other content. */
async function healIfDrifted(
  ctx: ServiceContext,
  record: CredentialRecord,
  region: string,
  observation: RegionObservation | null,
): Promise<boolean> {
  const expected = contentHash(record)
  if (observation?.contentHash === expected) return false
  return transact(ctx, record.accountId, async (tx) => {
    const current = await tx.credentials.get(record.accountId, record.id)
    const status = (await tx.sync.listStatuses(record.accountId, [record.id])).find(
      (s) => s.region === region,
    )
    // Only a region that should already hold this very version has drifted; others await a push.
    if (!current || current.deletedAt || current.version !== record.version || status?.state !== 'synced')
      return false
    if (status.version !== record.version || status.contentHash !== expected) return false
    await enqueueApply(tx, ctx, current, 'drift-healed', { regions: [region] })
    await appendAuditEvent(tx, ctx, record.accountId, {
      actor: { type: 'system', reason: 'reconcile' },
      action: 'credential.drift-healed',
      credential: auditRef(current),
      region,
      outcome: 'success',
      message: observation ? 'objects changed by hand: pushed again' : 'objects missing: pushed again',
    })
    return true
  })
}

/** The credentials of one account, or of every account, grouped by account. */
async function* accounts(
  ctx: ServiceContext,
  accountId: string | undefined,
): AsyncGenerator<[string, CredentialRecord[]]> {
  if (accountId !== undefined) {
    yield [accountId, await autocommit(ctx, (tx) => tx.credentials.list(accountId))]
    return
  }
  const byAccount = new Map<string, CredentialRecord[]>()
  let position: { accountId: string; id: string } | null = null
  for (;;) {
    const page = await autocommit(ctx, (tx) => tx.credentials.listNotUnderKey(NO_KEY, position, PAGE))
    // Soft-deleted rows are on this work list too; their regions are being emptied, not healed.
    for (const row of page)
      if (!row.deletedAt) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row])
    const last = page[page.length - 1]
    if (!last || page.length < PAGE) break
    position = { accountId: last.accountId, id: last.id }
  }
  yield* byAccount
}
