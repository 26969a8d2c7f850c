import type {
  AuditEvent,
  CredentialRecord,
  CredentialVersionRecord,
  ReferenceRecord,
  RegionStatusRecord,
  SyncJob,
} from '@credkit/core'
import { credentialNameKey } from '@credkit/core'
import type { Row } from './client.js'

// Row mapping between the credkit_ tables and the domain records. Absent values are SQL NULL;
// on the way back they become `null`, except a reference's `purpose`, which the record leaves out.

/** A Date from a timestamptz column. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? new Date(value.getTime()) : new Date(String(value))
}

/** A nullable timestamptz column as a Date or null. */
export const toDateOrNull = (value: unknown): Date | null =>
  value === null || value === undefined ? null : toDate(value)

/** A plain Uint8Array copy of a bytea column (never the driver's Buffer). */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value)
  const text = String(value)
  return new Uint8Array(Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex'))
}

/** A parsed jsonb column (the driver parses it unless its type parser was overridden). */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/** A jsonb parameter; `pg` would turn a bare array into a Postgres array. */
export const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value)

/** Columns of a credential row, in the order of `credentialParams`. */
export const CREDENTIAL_COLUMNS = `id, account_id, type, name, description, version, is_default, public_data,
  host_names, envelope, key_id, secret_version, created_at, created_by, updated_at, updated_by,
  updated_fields, deleted_at, deleted_by, purge_after`

/** Parameters $1..$21 in the order of `CREDENTIAL_COLUMNS`, then `name_key`. */
export function credentialParams(r: CredentialRecord): unknown[] {
  return [
    r.id,
    r.accountId,
    r.type,
    r.name,
    r.description,
    r.version,
    r.isDefault,
    json(r.publicData),
    [...r.hostNames],
    r.envelope,
    r.keyId,
    r.secretVersion,
    r.createdAt,
    r.createdBy,
    r.updatedAt,
    r.updatedBy,
    [...r.updatedFields],
    r.deletedAt,
    r.deletedBy,
    r.purgeAfter,
    credentialNameKey(r.name),
  ]
}

/** A credential row as a record. */
export function toCredential(row: Row): CredentialRecord {
  return {
    id: row['id'] as string,
    accountId: row['account_id'] as string,
    type: row['type'] as CredentialRecord['type'],
    name: row['name'] as string,
    description: (row['description'] as string | null) ?? null,
    version: Number(row['version']),
    isDefault: row['is_default'] === true,
    publicData: fromJson<CredentialRecord['publicData']>(row['public_data']),
    hostNames: [...(row['host_names'] as string[])],
    envelope: toBytes(row['envelope']),
    keyId: row['key_id'] as string,
    secretVersion: Number(row['secret_version']),
    createdAt: toDate(row['created_at']),
    createdBy: row['created_by'] as string,
    updatedAt: toDate(row['updated_at']),
    updatedBy: row['updated_by'] as string,
    updatedFields: [...(row['updated_fields'] as string[])],
    deletedAt: toDateOrNull(row['deleted_at']),
    deletedBy: (row['deleted_by'] as string | null) ?? null,
    purgeAfter: toDateOrNull(row['purge_after']),
  }
}

/** Columns of a history row, in the order of `versionParams`. */
export const VERSION_COLUMNS = `account_id, credential_id, version, type, name, description, is_default,
  public_data, host_names, envelope, key_id, secret_version, fields, changed_at, changed_by`

/** Parameters $1..$15 in the order of `VERSION_COLUMNS`. */
export function versionParams(r: CredentialVersionRecord): unknown[] {
  return [
    r.accountId,
    r.credentialId,
    r.version,
    r.type,
    r.name,
    r.description,
    r.isDefault,
    json(r.publicData),
    [...r.hostNames],
    r.envelope,
    r.keyId,
    r.secretVersion,
    [...r.fields],
    r.at,
    r.by,
  ]
}

/** A history row as a record. */
export function toVersion(row: Row): CredentialVersionRecord {
  return {
    accountId: row['account_id'] as string,
    credentialId: row['credential_id'] as string,
    version: Number(row['version']),
    type: row['type'] as CredentialVersionRecord['type'],
    name: row['name'] as string,
    description: (row['description'] as string | null) ?? null,
    isDefault: row['is_default'] === true,
    publicData: fromJson<CredentialVersionRecord['publicData']>(row['public_data']),
    hostNames: [...(row['host_names'] as string[])],
    envelope: toBytes(row['envelope']),
    keyId: row['key_id'] as string,
    secretVersion: Number(row['secret_version']),
    fields: [...(row['fields'] as string[])],
    at: toDate(row['changed_at']),
    by: row['changed_by'] as string,
  }
}

/** A reference row as a record; a NULL purpose is left out. */
export function toReference(row: Row): ReferenceRecord {
  const purpose = row['purpose'] as string | null
  return {
    accountId: row['account_id'] as string,
    credentialId: row['credential_id'] as string,
    kind: row['kind'] as ReferenceRecord['kind'],
    id: row['ref_id'] as string,
    ...(purpose === null ? {} : { purpose }),
    createdAt: toDate(row['created_at']),
  }
}

/** A region status row as a record. */
export function toStatus(row: Row): RegionStatusRecord {
  const errorAt = toDateOrNull(row['error_at'])
  return {
    accountId: row['account_id'] as string,
    credentialId: row['credential_id'] as string,
    region: row['region'] as string,
    state: row['state'] as RegionStatusRecord['state'],
    version: row['version'] === null ? null : Number(row['version']),
    targetVersion: Number(row['target_version']),
    contentHash: (row['content_hash'] as string | null) ?? null,
    lastSyncedAt: toDateOrNull(row['last_synced_at']),
    error:
      errorAt === null
        ? null
        : {
            status: row['error_status'] === null ? null : Number(row['error_status']),
            reason: (row['error_reason'] as string | null) ?? null,
            message: row['error_message'] as string,
            at: errorAt,
          },
    attempts: Number(row['attempts']),
    nextAttemptAt: toDateOrNull(row['next_attempt_at']),
    issuance: row['issuance'] === null ? null : fromJson<RegionStatusRecord['issuance']>(row['issuance']),
  }
}

/** A sync job row as a job. */
export function toJob(row: Row): SyncJob {
  return {
    accountId: row['account_id'] as string,
    credentialId: row['credential_id'] as string,
    region: row['region'] as string,
    credentialType: row['credential_type'] as SyncJob['credentialType'],
    credentialName: row['credential_name'] as string,
    token: row['token'] as string,
    action: row['action'] as SyncJob['action'],
    version: Number(row['version']),
    attempts: Number(row['attempts']),
    runAt: toDate(row['run_at']),
    reason: row['reason'] as string,
    leaseOwner: (row['lease_owner'] as string | null) ?? null,
    leaseExpiresAt: toDateOrNull(row['lease_expires_at']),
  }
}

/** An audit row as an event (jsonb columns parsed). */
export function toAuditEvent(row: Row): AuditEvent {
  const nullableJson = <T>(value: unknown): T | null => (value === null ? null : fromJson<T>(value))
  return {
    id: row['id'] as string,
    accountId: row['account_id'] as string,
    seq: Number(row['seq']),
    at: toDate(row['at']),
    actor: fromJson<AuditEvent['actor']>(row['actor']),
    action: row['action'] as AuditEvent['action'],
    credential: nullableJson<NonNullable<AuditEvent['credential']>>(row['credential']),
    region: (row['region'] as string | null) ?? null,
    fields: nullableJson<NonNullable<AuditEvent['fields']>>(row['fields']),
    outcome: row['outcome'] as AuditEvent['outcome'],
    message: (row['message'] as string | null) ?? null,
    references: nullableJson<NonNullable<AuditEvent['references']>>(row['refs']),
    prevHash: row['prev_hash'] as string,
    hash: row['hash'] as string,
  }
}
