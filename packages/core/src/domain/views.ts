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
