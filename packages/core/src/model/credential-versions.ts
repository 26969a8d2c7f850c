import type { CredentialRecord, PublicDataByType } from './credential-records.js'
import type { CredentialType } from './credential-type.js'

/**
 * One earlier version of a credential, kept for its history: the content of the row as it was
 * at `version`, its own envelope included. The envelope stays bound to the `secretVersion` it was
 * sealed at (see crypto/binding.ts), so a version's secret opens only as that credential's secret
 * of that secret version; it is never re-sealed, only re-wrapped by key rotation.
 */
export interface CredentialVersionRecord<T extends CredentialType = CredentialType> {
  readonly accountId: string
  readonly credentialId: string
  readonly version: number
  readonly type: T
  readonly name: string
  readonly description: string | null
  /** Whether it was the default registry then (shown only: a rollback never moves the default). */
  readonly isDefault: boolean
  readonly publicData: PublicDataByType[T]
  readonly hostNames: ReadonlyArray<string>
  readonly envelope: Uint8Array
  readonly keyId: string
  readonly secretVersion: number
  /** Names of the fields the change that made this version touched: names only. */
  readonly fields: ReadonlyArray<string>
  /** When this version was made, and by whom (user id). */
  readonly at: Date
  readonly by: string
}

/** The history row that keeps `record`'s current version. */
export function versionOf(record: CredentialRecord): CredentialVersionRecord {
  return {
    accountId: record.accountId,
    credentialId: record.id,
    version: record.version,
    type: record.type,
    name: record.name,
    description: record.description,
    isDefault: record.isDefault,
    publicData: record.publicData,
    hostNames: record.hostNames,
    envelope: record.envelope,
    keyId: record.keyId,
    secretVersion: record.secretVersion,
    fields: record.updatedFields,
    at: record.updatedAt,
    by: record.updatedBy,
  }
}
