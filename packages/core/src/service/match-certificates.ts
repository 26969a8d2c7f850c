import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { requireActor } from '../context/guards.js'
import { autocommit } from '../context/transact.js'
import { validationFailed } from '../errors.js'
import { hostLookupNames, hostMatches, normalizeHostName } from '../hosts/index.js'
import type { CertificateMetadata, CredentialRecord } from '../model/credential-records.js'
import type { RegionStatusRecord } from '../model/sync-records.js'
import { parseInput } from '../validate.js'

/** Whether a candidate can serve the host now. */
export type CertificateReadiness = 'ready' | 'pending-issuance' | 'expired'

/** One entry of the Hosts editor's "Use account certificate" select. */
export interface CertificateCandidate {
  readonly id: string
  readonly type: 'tls-certificate' | 'acme-wildcard'
  readonly name: string
  readonly description: string | null
  readonly status: CertificateReadiness
  /** The certificate name that matched the host (`*.example.com`, `api.example.com`). */
  readonly matchedName: string
  readonly commonName: string | null
  readonly altNames: ReadonlyArray<string>
  /** Expiry of the certificate in place (TLS: the uploaded one; ACME: the issued one, if any). */
  readonly notAfter: string | null
}

export const MatchOptions = z.strictObject({ region: z.string().min(1).max(128).optional() }).optional()

const ORDER: Record<CertificateReadiness, number> = { ready: 0, 'pending-issuance': 1, expired: 2 }

/**
 * TLS certificates and ACME wildcard credentials of the account whose CN or DNS alt names match
 * `host`, ready first. Open to every member. Uses the storage's host-name index, not a scan.
 * ACME candidates are `ready` once a certificate carrying `host` (CN or alt name) is issued in
 * `region` (or, without a region, in every active one).
 * @throws CredentialsError VALIDATION_FAILED
 */
export async function matchCertificates(
  ctx: ServiceContext,
  actorInput: unknown,
  hostInput: unknown,
  optionsInput?: unknown,
): Promise<CertificateCandidate[]> {
  const actor = requireActor(actorInput)
  const options = parseInput(MatchOptions, optionsInput, ['options']) ?? {}
  const host = typeof hostInput === 'string' ? normalizeHostName(hostInput) : null
  if (host === null) throw validationFailed([{ path: ['host'], message: 'expected a DNS host name' }])

  const rows = (
    await autocommit(ctx, (tx) => tx.credentials.findByHostNames(actor.accountId, hostLookupNames(host)))
  ).filter((row) => row.type === 'tls-certificate' || row.type === 'acme-wildcard')
  if (rows.length === 0) return []
  const acmeIds = rows.filter((row) => row.type === 'acme-wildcard').map((row) => row.id)
  const [regions, statuses] = acmeIds.length
    ? await Promise.all([
        autocommit(ctx, (tx) => tx.sync.listRegions(actor.accountId)),
        autocommit(ctx, (tx) => tx.sync.listStatuses(actor.accountId, acmeIds)),
      ])
    : [[], []]
  const wanted = options.region ? [options.region] : regions
  const now = ctx.clock.now()
  const candidates: CertificateCandidate[] = []
  for (const row of rows) {
    const matchedName = row.hostNames.find((name) => hostMatches(name, host))
    if (matchedName === undefined) continue
    candidates.push(
      candidate(
        row,
        host,
        matchedName,
        now,
        statuses.filter((s) => s.credentialId === row.id),
        wanted,
      ),
    )
  }
  return candidates.sort(
    (a, b) =>
      ORDER[a.status] - ORDER[b.status] ||
      (b.notAfter ?? '').localeCompare(a.notAfter ?? '') ||
      a.name.localeCompare(b.name),
  )
}

function candidate(
  row: CredentialRecord,
  host: string,
  matchedName: string,
  now: Date,
  statuses: ReadonlyArray<RegionStatusRecord>,
  regions: ReadonlyArray<string>,
): CertificateCandidate {
  const shell = { id: row.id, name: row.name, description: row.description, matchedName }
  if (row.type === 'tls-certificate') {
    const data = (row as CredentialRecord<'tls-certificate'>).publicData
    const expired = new Date(data.notAfter) <= now
    return {
      ...shell,
      type: 'tls-certificate',
      status: expired ? 'expired' : 'ready',
      commonName: data.commonName,
      altNames: data.altNames,
      notAfter: data.notAfter,
    }
  }
  const data = (row as CredentialRecord<'acme-wildcard'>).publicData
  // Issued counts only for a certificate that carries the host: one issued for names the
  // credential had before an edit does not serve the new ones.
  const issued = regions.map((region) => {
    const issuance = statuses.find((s) => s.region === region)?.issuance
    return issuance?.state === 'issued' && covers(issuance.certificate, host) ? issuance.certificate : null
  })
  const certificates = issued.filter((c) => c !== null)
  const allIssued = regions.length > 0 && certificates.length === regions.length
  const soonest = certificates.map((c) => c.notAfter).sort()[0] ?? null
  const status: CertificateReadiness = !allIssued
    ? 'pending-issuance'
    : new Date(soonest!) <= now
      ? 'expired'
      : 'ready'
  return {
    ...shell,
    type: 'acme-wildcard',
    status,
    commonName: data.commonName,
    altNames: data.altNames,
    notAfter: soonest,
  }
}

/** Whether an issued certificate's common name or alt names match `host`. */
function covers(certificate: CertificateMetadata, host: string): boolean {
  const names =
    certificate.commonName === null ? certificate.altNames : [certificate.commonName, ...certificate.altNames]
  return names.some((name) => hostMatches(name, host))
}
