export type { AuditStore } from './audit-store.js'
export type { Clock } from './clock.js'
export type { CredentialListQuery, CredentialStore } from './credential-store.js'
export type { KeyPort, WrappedKey } from './key-port.js'
export type { Random } from './random.js'
export type { ReferenceStore } from './reference-store.js'
export type {
  MaterializedCredential,
  MaterializedPayloadByType,
  RegionCallOptions,
  RegionObjectRef,
  RegionObservation,
  RegionPort,
} from './region-port.js'
export type {
  ReadAhead,
  ReadAheadRequest,
  StoragePort,
  StorageTx,
  TransactionOptions,
} from './storage-port.js'
export type { RegionKey, SyncClaimOptions, SyncJobKey, SyncStore } from './sync-store.js'
export type { VersionPosition, VersionStore } from './version-store.js'
