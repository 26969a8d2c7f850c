// The public surface of @credkit/core. Conformance suites live in `@credkit/testing`.

// ACME wildcard certificates
export {
  ACME_PROVIDERS,
  type AcmeOptions,
  AcmeProvider,
  AcmeWildcardData,
  AcmeWildcardUpdate,
  AzureDnsConfig,
  acmeProviderConfig,
  acmeTemplate,
  acmeWildcardData,
  CloudDnsConfig,
  CloudflareConfig,
  Route53Config,
  WebhookConfig,
} from './acme/index.js'
// Audit chain
export { canonicalJson, computeEventHash, computeEventMac, GENESIS_HASH } from './audit/hash-chain.js'
export type { AuditAnchor, AuditChainBreak, AuditChainVerdict, AuditHead } from './audit/verify-chain.js'
// Options and sync settings
export type { CredentialsOptions } from './context/context.js'
export { DEFAULT_LIFECYCLE, type LifecycleSettings } from './context/lifecycle.js'
export { DEFAULT_SYNC_SETTINGS, type SyncSettings } from './context/settings.js'
// Keys
export { createLocalKeyring, generateKey, keyToBase64 } from './crypto/local-keyring.js'
export { keyringFromMasterKeys, parseMasterKeys } from './crypto/master-keys.js'
// Domain: inputs, kinds, names, views
export type {
  CreateCredentialInput,
  CreateCredentialInputOf,
  CreateDataByType,
  CredentialViewOf,
  RevealedSecrets,
  UpdateCredentialInput,
} from './domain/inputs.js'
export { BasicAuthData, BasicAuthUpdate } from './domain/kinds/basic-auth.js'
export { ContainerRegistryData, ContainerRegistryUpdate } from './domain/kinds/container-registry.js'
export {
  DOCKER_HUB,
  DOCKER_HUB_AUTH_KEY,
  isDockerHub,
  normalizeRegistryServer,
} from './domain/registry-server.js'
export {
  CreateCredentialShell,
  CredentialDescription,
  CredentialName,
  UpdateCredentialShell,
} from './domain/shell.js'
export type {
  CredentialOption,
  CredentialVersionEntry,
  CredentialView,
  DeletedCredentialView,
  SyncStatus,
  ViewDataByType,
} from './domain/views.js'
// Errors
export {
  type CredentialSyncResult,
  CredentialsError,
  type CredentialsErrorCode,
  type CredentialsErrorOptions,
  isCredentialsError,
  MAX_ISSUES,
  type ValidationIssue,
} from './errors.js'
// Hosts
export {
  certificateHostNames,
  createHostIndex,
  DnsName,
  type HostIndex,
  hostLookupNames,
  hostMatches,
  normalizeHostName,
} from './hosts/index.js'
// Model: records, credential types, list order, secrets
export {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditActor,
  type AuditChainKey,
  type AuditEvent,
  type AuditEventInput,
} from './model/audit-records.js'
export type {
  AcmePublicData,
  BasicAuthPublicData,
  CertificateMetadata,
  CredentialRecord,
  PublicDataByType,
  RegistryPublicData,
  SecretDataByType,
  TlsPublicData,
} from './model/credential-records.js'
export { CREDENTIAL_TYPES, CredentialType } from './model/credential-type.js'
export type { CredentialVersionRecord } from './model/credential-versions.js'
export {
  type CredentialPosition,
  compareCodePoints,
  comparePositions,
  credentialNameKey,
  positionOf,
  typeRank,
} from './model/list-order.js'
export type { CredentialReference, ReferenceRecord } from './model/references.js'
export { isSecret, type Secret, secret } from './model/secret.js'
export {
  type AcmeIssuance,
  type RegionFailure,
  type RegionStatusRecord,
  SYNC_STATES,
  type SyncAction,
  type SyncJob,
  type SyncJobInput,
  type SyncState,
} from './model/sync-records.js'
// Ports
export { systemClock } from './ports/clock.js'
export type * from './ports/index.js'
export { offerLastStatementsIssued } from './ports/last-statements.js'
export { systemRandom } from './ports/random.js'
export { createTransactionScope, type TransactionScope } from './ports/transaction-scope.js'
// Region errors
export { isRegionError, RegionError, type RegionErrorOptions } from './region-error.js'
// Roles
export { Actor } from './roles/actor.js'
export { canManage, DEFAULT_AUDIT_ROLES, DEFAULT_MANAGER_ROLES } from './roles/roles.js'
// Use cases
export type { AuditLogOptions, AuditPage } from './service/audit-log.js'
export { type ActorInput, type Credentials, createCredentials } from './service/create-credentials.js'
export type { RestoreOptions } from './service/deleted-credentials.js'
export type { HistoryOptions } from './service/history.js'
export type { PurgeExpiredResult } from './service/purge.js'
export type { CredentialPage, ListOptions, Page } from './service/queries.js'
export type { ReferenceInput } from './service/references.js'
export type { RegistryResolution, ResolveRegistryQuery } from './service/resolve-registry.js'
export type { RevealOptions } from './service/reveal.js'
export type { RollbackInput } from './service/rollback.js'
export type { RotateKeysFailure, RotateKeysOptions, RotateKeysProgress } from './service/rotate-keys.js'
export type { RegionSyncResult } from './service/sync-now.js'
export { enqueueJobs, type JobSettlement, settleJob } from './sync/jobs.js'
// Sync engine
export type { PreparedRegion } from './sync/prepare-region.js'
export type { ReconcileResult } from './sync/reconcile.js'
export { formatRegionFailure } from './sync/record-failure.js'
export type { IssuanceRefreshResult } from './sync/refresh-issuance.js'
export type { RunDueJobsOptions, RunDueJobsResult } from './sync/run-due-jobs.js'
export type { SyncWorker, SyncWorkerOptions } from './sync/worker.js'
export type { SyncWorkerStats } from './sync/worker-stats.js'
// Certificates
export {
  type CertificateBundle,
  type CertificateBundleFailure,
  type CertificateBundleResult,
  type CertificateProblem,
  certificateIssues,
  parseCertificateBundle,
  parseCertificateMetadata,
  TlsCertificateData,
  TlsCertificateUpdate,
} from './x509/index.js'
