import type {
  AcmePublicData,
  BasicAuthPublicData,
  RegistryPublicData,
  TlsPublicData,
} from '../model/credential-records.js'
import type { CredentialType } from '../model/credential-type.js'
import type { AcmeIssuance, RegionFailure, SyncState } from '../model/sync-records.js'

/** Where a credential stands in one region, as the row's indicator shows it. */
export interface SyncStatus {
  readonly region: string
  readonly state: SyncState
  /** The version the region holds (null: nothing yet). */
  readonly version: number | null
  /** Last successful sync; kept through later errors. */
  readonly lastSyncedAt: Date | null
  /** The last failure (HTTP status, reason, redacted message, time); null after a success. */
  readonly error: RegionFailure | null
  readonly attempts: number
  readonly nextAttemptAt: Date | null
  /** ACME wildcard only: certificate issuance in this region. */
  readonly issuance: AcmeIssuance | null
}

/** Public body per type, as views return it. No secret field is ever present. */
export interface ViewDataByType {
  'container-registry': RegistryPublicData & { readonly isDefault: boolean }
  'basic-auth': BasicAuthPublicData
  'tls-certificate': TlsPublicData
  'acme-wildcard': AcmePublicData
}

interface ViewShell {
  readonly id: string
  readonly accountId: string
  readonly name: string
  readonly description: string | null
  readonly version: number
  readonly createdAt: Date
  readonly createdBy: string
  readonly updatedAt: Date
  readonly updatedBy: string
  /** One entry per region the account uses, sorted by region. */
  readonly sync: ReadonlyArray<SyncStatus>
}

/** A credential as the Credentials tab shows it: public fields and per-region sync status. */
export type CredentialView = {
  [T in CredentialType]: ViewShell & { readonly type: T; readonly data: ViewDataByType[T] }
}[CredentialType]

/** An entry of a picker select (App, Hosts, Environment pages): no secrets, no body. */
export interface CredentialOption {
  readonly id: string
  readonly type: CredentialType
  readonly name: string
  readonly description: string | null
  /** Container registries only. */
  readonly isDefault: boolean
}

/** One version in a credential's history: numbers, times, users and field names, never values. */
export interface CredentialVersionEntry {
  readonly version: number
  /** When this version was made, and by whom (user id). */
  readonly at: Date
  readonly by: string
  /** Names of the fields the change that made it touched (empty on versions made before history). */
  readonly fields: ReadonlyArray<string>
  /** The credential's current version (the others are kept history). */
  readonly current: boolean
}

/** A soft-deleted credential in the "recently deleted" list: no body, no secret. */
export interface DeletedCredentialView {
  readonly id: string
  readonly accountId: string
  readonly type: CredentialType
  readonly name: string
  readonly description: string | null
  readonly version: number
  readonly deletedAt: Date
  readonly deletedBy: string
  /** When it is purged for good unless restored. */
  readonly purgeAfter: Date
}
