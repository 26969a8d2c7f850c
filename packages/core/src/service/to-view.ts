import type { CredentialOption, CredentialView, SyncStatus } from '../domain/views.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionStatusRecord } from '../model/sync-records.js'

/** The status of one region; a region with no record yet is `not-synced`. */
export function toSyncStatus(region: string, record: RegionStatusRecord | undefined): SyncStatus {
  return {
    region,
    state: record?.state ?? 'not-synced',
    version: record?.version ?? null,
    lastSyncedAt: record?.lastSyncedAt ?? null,
    error: record?.error ?? null,
    attempts: record?.attempts ?? 0,
    nextAttemptAt: record?.nextAttemptAt ?? null,
    issuance: record?.issuance ?? null,
  }
}

/** A row and its statuses as the Credentials tab shows them, one status per active region. */
export function toView(
  record: CredentialRecord,
  regions: ReadonlyArray<string>,
  statuses: ReadonlyArray<RegionStatusRecord>,
): CredentialView {
  const byRegion = new Map(statuses.filter((s) => s.credentialId === record.id).map((s) => [s.region, s]))
  const data =
    record.type === 'container-registry'
      ? { ...(record as CredentialRecord<'container-registry'>).publicData, isDefault: record.isDefault }
      : record.publicData
  return {
    id: record.id,
    accountId: record.accountId,
    type: record.type,
    name: record.name,
    description: record.description,
    version: record.version,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    data,
    sync: regions.map((region) => toSyncStatus(region, byRegion.get(region))),
  } as CredentialView
}

/** A picker entry. */
export function toOption(record: CredentialRecord): CredentialOption {
  return {
    id: record.id,
    type: record.type,
    name: record.name,
    description: record.description,
    isDefault: record.isDefault,
  }
}
