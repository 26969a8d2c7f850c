import { z } from 'zod'
import { canonicalJson } from '../audit/hash-chain.js'
import type { ServiceContext } from '../context/context.js'
import { autocommit, transact } from '../context/transact.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { type CredentialPosition, positionOf } from '../model/list-order.js'
import type { AcmeIssuance } from '../model/sync-records.js'
import { parseInput } from '../validate.js'
import { contentHash } from './content-hash.js'
import { withTimeout } from './timeout.js'

const PAGE = 500
/** No key has this id, so `listNotUnderKey` with it pages through every row of every account. */
// KeyPort key ids are never empty, so every row is "not under" this one: a scan of all accounts.
const NO_KEY = ''

const AccountId = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })

/** What one `refreshIssuance` call did. */
export interface IssuanceRefreshResult {
  /** (credential, region) pairs observed. */
  readonly observed: number
  /** Statuses whose issuance changed. */
  readonly updated: number
  /** Observations that failed (the status keeps its last known issuance). */
  readonly failed: number
}

/**
 * Observes every ACME wildcard credential in every active region of its account (one account, or
 * all when `accountId` is omitted) and stores cert-manager's issuance state in the status:
 * `pending`, `issuing`, `issued` with the certificate's metadata, or `failed`. Only `issuance` is
 * written, and only when the region holds the row's current content (same content hash);
 * `matchCertificates` reads it. A failing region is counted, never thrown.
 * @throws CredentialsError VALIDATION_FAILED
 */
export async function refreshIssuance(
  ctx: ServiceContext,
  accountIdInput?: unknown,
): Promise<IssuanceRefreshResult> {
  const accountId =
    accountIdInput === undefined ? undefined : parseInput(AccountId, accountIdInput, ['accountId'])
  const totals = { observed: 0, updated: 0, failed: 0 }
  const regionsOf = new Map<string, Promise<string[]>>()
  for await (const record of acmeCredentials(ctx, accountId)) {
    let regions = regionsOf.get(record.accountId)
    if (!regions) {
      regions = autocommit(ctx, (tx) => tx.sync.listRegions(record.accountId))
      regionsOf.set(record.accountId, regions)
    }
    await Promise.all((await regions).map((region) => refreshOne(ctx, record, region, totals)))
  }
  return totals
}

async function refreshOne(
  ctx: ServiceContext,
  record: CredentialRecord,
  region: string,
  totals: { observed: number; updated: number; failed: number },
): Promise<void> {
  const ref = { accountId: record.accountId, credentialId: record.id, type: record.type }
  try {
    const observation = await withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) =>
      ctx.regions.observe(region, ref, { signal }),
    )
    totals.observed++
    const issuance = observation?.issuance
    // Issuance of other content (the region still holds an older version with other names) says
    // nothing about the row's current names: the status keeps what the outbox set for them.
    if (!issuance || observation.contentHash !== contentHash(record)) return
    const changed = await transact(ctx, record.accountId, async (tx) => {
      const statuses = await tx.sync.listStatuses(record.accountId, [record.id])
      const status = statuses.find((s) => s.region === region)
      if (!status || sameIssuance(status.issuance, issuance)) return false
      await tx.sync.putStatuses([{ ...status, issuance }])
      return true
    })
    if (changed) totals.updated++
  } catch {
    totals.failed++
  }
}

function sameIssuance(a: AcmeIssuance | null, b: AcmeIssuance): boolean {
  return a !== null && canonicalJson(a) === canonicalJson(b)
}

/** The ACME rows of one account, or of every account, a page at a time. */
async function* acmeCredentials(
  ctx: ServiceContext,
  accountId: string | undefined,
): AsyncGenerator<CredentialRecord> {
  if (accountId !== undefined) {
    let after: CredentialPosition | undefined
    for (;;) {
      const page = await autocommit(ctx, (tx) =>
        tx.credentials.list(accountId, {
          type: 'acme-wildcard',
          after,
          limit: PAGE,
        }),
      )
      yield* page
      if (page.length < PAGE) return
      after = positionOf(page[page.length - 1]!)
    }
  }
  let position: { accountId: string; id: string } | null = null
  for (;;) {
    const page = await autocommit(ctx, (tx) => tx.credentials.listNotUnderKey(NO_KEY, position, PAGE))
    yield* page.filter((row) => row.type === 'acme-wildcard' && !row.deletedAt)
    const last = page[page.length - 1]
    if (!last || page.length < PAGE) return
    position = { accountId: last.accountId, id: last.id }
  }
}
