import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { requireManager } from '../context/guards.js'
import { autocommit } from '../context/transact.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { parseInput } from '../validate.js'

export const ExpiringQuery = z.strictObject({
  withinDays: z.number({ error: 'expected a number of days' }).int().min(0).max(3650),
})

/** A certificate that expires within the window (or already has). */
export interface ExpiringCertificate {
  readonly id: string
  readonly type: 'tls-certificate' | 'acme-wildcard'
  readonly name: string
  readonly commonName: string | null
  readonly notAfter: string
  /** Whole days left, negative once expired. */
  readonly daysLeft: number
  /** ACME: the region whose issued certificate this is. */
  readonly region: string | null
}

const DAY = 86_400_000

/**
 * Uploaded TLS certificates and issued ACME certificates expiring within `withinDays` (expired
 * ones included), soonest first. For managers.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN
 */
export async function expiringCertificates(
  ctx: ServiceContext,
  actorInput: unknown,
  queryInput: unknown,
): Promise<ExpiringCertificate[]> {
  const actor = requireManager(ctx, actorInput)
  const { withinDays } = parseInput(ExpiringQuery, queryInput, ['query'])
  const now = ctx.clock.now().getTime()
  const horizon = now + withinDays * DAY
  const entry = (
    row: CredentialRecord,
    commonName: string | null,
    notAfter: string,
    region: string | null,
  ) => ({
    id: row.id,
    type: row.type as ExpiringCertificate['type'],
    name: row.name,
    commonName,
    notAfter,
    daysLeft: Math.floor((new Date(notAfter).getTime() - now) / DAY),
    region,
  })
  const out: ExpiringCertificate[] = []
  for (const row of await autocommit(ctx, (tx) =>
    tx.credentials.list(actor.accountId, { type: 'tls-certificate' }),
  )) {
    const data = (row as CredentialRecord<'tls-certificate'>).publicData
    if (new Date(data.notAfter).getTime() <= horizon)
      out.push(entry(row, data.commonName, data.notAfter, null))
  }
  const acme = await autocommit(ctx, (tx) => tx.credentials.list(actor.accountId, { type: 'acme-wildcard' }))
  if (acme.length > 0) {
    const byId = new Map(acme.map((row) => [row.id, row]))
    for (const status of await autocommit(ctx, (tx) =>
      tx.sync.listStatuses(actor.accountId, [...byId.keys()]),
    )) {
      if (status.issuance?.state !== 'issued') continue
      const { notAfter, commonName } = status.issuance.certificate
      if (new Date(notAfter).getTime() <= horizon)
        out.push(entry(byId.get(status.credentialId)!, commonName, notAfter, status.region))
    }
  }
  return out.sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.name.localeCompare(b.name))
}
