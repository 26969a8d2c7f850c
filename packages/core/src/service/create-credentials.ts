import type { AuditChainVerdict, AuditHead } from '../audit/verify-chain.js'
import { type CredentialsOptions, createContext } from '../context/context.js'
import { actorCan } from '../context/guards.js'
import type {
  CreateCredentialInputOf,
  CredentialViewOf,
  RevealedSecrets,
  UpdateCredentialInput,
} from '../domain/inputs.js'
import type {
  CredentialOption,
  CredentialVersionEntry,
  CredentialView,
  DeletedCredentialView,
} from '../domain/views.js'
import type { CredentialType } from '../model/credential-type.js'
import type { CredentialReference } from '../model/references.js'
import { type PreparedRegion, prepareRegion } from '../sync/prepare-region.js'
import { type ReconcileResult, reconcile } from '../sync/reconcile.js'
import { type IssuanceRefreshResult, refreshIssuance } from '../sync/refresh-issuance.js'
import { type RunDueJobsOptions, type RunDueJobsResult, runDueJobs } from '../sync/run-due-jobs.js'
import { type SyncWorker, type SyncWorkerOptions, startSyncWorker } from '../sync/worker.js'
import { type AuditPage, auditHead, auditLog, type VerifyOptions, verifyAuditChain } from './audit-log.js'
import { createCredential } from './create.js'
import { type DeleteOptions, deleteCredential } from './delete.js'
import { listDeleted, type RestoreOptions, restoreCredential } from './deleted-credentials.js'
import { type ExpiringCertificate, expiringCertificates } from './expiring.js'
import { credentialHistory, type HistoryOptions } from './history.js'
import { type CertificateCandidate, matchCertificates } from './match-certificates.js'
import { type PurgeExpiredResult, purgeCredential, purgeExpired } from './purge.js'
import {
  type CredentialPage,
  credentialOptions,
  getCredential,
  type ListOptions,
  listCredentials,
  type OptionsQuery,
  type Page,
} from './queries.js'
import { attachReference, detachReference, listReferences } from './references.js'
import { type RegistryResolution, resolveRegistry } from './resolve-registry.js'
import { type RevealOptions, revealSecrets } from './reveal.js'
import { type RollbackInput, rollbackCredential } from './rollback.js'
import { type RotateKeysOptions, type RotateKeysProgress, rotateKeys } from './rotate-keys.js'
import { type SetDefaultOptions, setDefaultRegistry } from './set-default.js'
import { type RegionSyncResult, syncNow } from './sync-now.js'
import { updateCredential } from './update.js'

/**
 * The credentials area of a platform. Every entry point validates its input and rejects with a
 * `CredentialsError`. User calls take the actor and check its role and account; inputs are typed
 * loosely on purpose (they come from HTTP handlers and are validated here).
 *
 * Platform-internal calls take an account id, not an actor, and check no role: `attach`,
 * `detach`, `references`, `prepareRegion`, `runDueJobs`, `startSyncWorker`, `refreshIssuance`,
 * `reconcile`, `rotateKeys`, `purgeExpired`, `verifyAuditChain` and `auditHead(accountId)`. Your backend calls
 * them for its own reasons (a deploy, a worker, an operator job); never expose them to end users
 * as they are.
 */
export function createCredentials(options: CredentialsOptions) {
  const ctx = createContext(options)
  function createTyped<T extends CredentialType>(
    actor: ActorInput,
    input: CreateCredentialInputOf<T>,
  ): Promise<CredentialViewOf<T>>
  function createTyped(actor: ActorInput, input: unknown): Promise<CredentialView>
  function createTyped(actor: ActorInput, input: unknown): Promise<CredentialView> {
    return createCredential(ctx, actor, input)
  }
  return {
    /** Whether the actor may manage credentials under this instance's `managerRoles` (show the tab). */
    canManage: (actor: unknown): boolean => actorCan(ctx, actor, 'manage'),
    /** Whether the actor may read the audit log under this instance's roles (managers and `auditRoles`). */
    canReadAudit: (actor: unknown): boolean => actorCan(ctx, actor, 'read-audit'),
    /**
     * Creates a credential. Typed per credential type, or takes a request body as it came
     * (`unknown`): it is validated either way.
     * @throws VALIDATION_FAILED | FORBIDDEN | CONFLICT | AUDIT_FAILED | CRYPTO_FAILED
     */
    create: createTyped,
    /**
     * Updates a credential. A field left out keeps its value (secret fields too); `description:
     * null` clears the description. With `expectedVersion`, a credential changed meanwhile is a
     * `CONFLICT` carrying `currentVersion`.
     * @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CONFLICT | AUDIT_FAILED | CRYPTO_FAILED
     */
    update: (
      actor: ActorInput,
      id: string,
      input: UpdateCredentialInput | unknown,
    ): Promise<CredentialView> => updateCredential(ctx, actor, id, input),
    /**
     * Deletes a credential (IN_USE unless `force`; CONFLICT when `expectedVersion` is stale): gone
     * from every list and region, restorable for `deletion.recoveryDays` (0: purged at once).
     * @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | IN_USE | CONFLICT | AUDIT_FAILED
     */
    delete: (actor: ActorInput, id: string, opts?: DeleteOptions): Promise<void> =>
      deleteCredential(ctx, actor, id, opts),
    /** Deleted credentials still restorable, a page at a time. @throws VALIDATION_FAILED | FORBIDDEN */
    listDeleted: (actor: ActorInput, opts?: ListOptions): Promise<Page<DeletedCredentialView>> =>
      listDeleted(ctx, actor, opts),
    /**
     * Brings a deleted credential back (under `name` when given), pushed to every region, never the default.
     * @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CONFLICT | AUDIT_FAILED
     */
    restore: (actor: ActorInput, id: string, opts?: RestoreOptions): Promise<CredentialView> =>
      restoreCredential(ctx, actor, id, opts),
    /** Purges a deleted credential and its history now. @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | AUDIT_FAILED */
    purge: (actor: ActorInput, id: string): Promise<void> => purgeCredential(ctx, actor, id),
    /** Platform-internal (a scheduled job): purges every deleted credential whose recovery window ended. */
    purgeExpired: (): Promise<PurgeExpiredResult> => purgeExpired(ctx),
    /**
     * A credential's versions, newest first: numbers, times, users, changed field names, never values.
     * @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND
     */
    history: (actor: ActorInput, id: string, opts?: HistoryOptions): Promise<Page<CredentialVersionEntry>> =>
      credentialHistory(ctx, actor, id, opts),
    /**
     * A new version with the content of the earlier `toVersion`, pushed to every region; audited with both numbers.
     * @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CONFLICT | CRYPTO_FAILED | AUDIT_FAILED
     */
    rollback: (actor: ActorInput, id: string, input: RollbackInput | unknown): Promise<CredentialView> =>
      rollbackCredential(ctx, actor, id, input),
    /**
     * Makes a registry the account default (CONFLICT when `expectedVersion` is stale).
     * @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CONFLICT | AUDIT_FAILED
     */
    setDefault: (actor: ActorInput, id: string, opts?: SetDefaultOptions): Promise<CredentialView> =>
      setDefaultRegistry(ctx, actor, id, opts),
    /** One credential with per-region status. @throws FORBIDDEN | NOT_FOUND */
    get: (actor: ActorInput, id: string): Promise<CredentialView> => getCredential(ctx, actor, id),
    /** The Credentials tab, a page at a time. @throws FORBIDDEN */
    list: (actor: ActorInput, opts?: ListOptions): Promise<CredentialPage> =>
      listCredentials(ctx, actor, opts),
    /**
     * Decrypts secret fields for a reveal action, of the current version or an earlier `version`; audited.
     * @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | CRYPTO_FAILED | AUDIT_FAILED
     */
    reveal: (actor: ActorInput, id: string, opts?: RevealOptions): Promise<RevealedSecrets> =>
      revealSecrets(ctx, actor, id, opts),
    /** Picker entries for any member, a page at a time (registries: the default first). @throws VALIDATION_FAILED */
    options: (actor: ActorInput, query: OptionsQuery): Promise<Page<CredentialOption>> =>
      credentialOptions(ctx, actor, query),
    /** TLS and ACME candidates for a host, ready first, for any member. @throws VALIDATION_FAILED */
    matchCertificates: (
      actor: ActorInput,
      host: string,
      opts?: { region?: string },
    ): Promise<CertificateCandidate[]> => matchCertificates(ctx, actor, host, opts),
    /** Certificates expiring within `withinDays`, soonest first. @throws VALIDATION_FAILED | FORBIDDEN */
    expiringCertificates: (
      actor: ActorInput,
      query: { withinDays: number },
    ): Promise<ExpiringCertificate[]> => expiringCertificates(ctx, actor, query),
    /** Registry an app pulls with: selection, else default for runtime only. @throws VALIDATION_FAILED | NOT_FOUND */
    resolveRegistry: (
      actor: ActorInput,
      query: { selectedId?: string | null; purpose: 'runtime' | 'build' },
    ): Promise<RegistryResolution> => resolveRegistry(ctx, actor, query),
    /** Platform-internal: records a platform object using a credential. @throws VALIDATION_FAILED | NOT_FOUND */
    attach: (accountId: string, credentialId: string, reference: CredentialReference): Promise<void> =>
      attachReference(ctx, accountId, credentialId, reference),
    /** Platform-internal: removes a reference. */
    detach: (
      accountId: string,
      credentialId: string,
      reference: Omit<CredentialReference, 'purpose'>,
    ): Promise<boolean> => detachReference(ctx, accountId, credentialId, reference),
    /** Platform-internal: what uses a credential. @throws NOT_FOUND */
    references: (accountId: string, credentialId: string): Promise<CredentialReference[]> =>
      listReferences(ctx, accountId, credentialId),
    /** The account's audit log, newest first. @throws FORBIDDEN */
    auditLog: (actor: ActorInput, opts?: { cursor?: string; limit?: number }): Promise<AuditPage> =>
      auditLog(ctx, actor, opts),
    /**
     * Platform-internal (operators): verifies the account's keyed audit chain (links, hashes, HMACs); with an `anchor` from
     * `auditHead`, also detects removal of the events after it. @throws VALIDATION_FAILED
     */
    verifyAuditChain: (accountId: string, opts?: VerifyOptions): Promise<AuditChainVerdict> =>
      verifyAuditChain(ctx, accountId, opts),
    /**
     * The account's newest audit event as an anchor to keep outside the database, its own MAC
     * checked; an actor who reads the audit log, or an account id (operators).
     * @throws VALIDATION_FAILED | FORBIDDEN | CRYPTO_FAILED
     */
    auditHead: (actorOrAccountId: ActorInput | string): Promise<AuditHead | null> =>
      auditHead(ctx, actorOrAccountId),
    /** Platform-internal (operators): re-wraps every data key under the primary key; resumable. */
    rotateKeys: (opts?: RotateKeysOptions | null): Promise<RotateKeysProgress> => rotateKeys(ctx, opts),
    /** Re-pushes a credential to every active region now; per-region results. @throws VALIDATION_FAILED | FORBIDDEN | NOT_FOUND | AUDIT_FAILED */
    syncNow: (actor: ActorInput, id: string): Promise<RegionSyncResult[]> => syncNow(ctx, actor, id),
    /** Platform-internal (deploys): activates a region and resolves once every credential is in place there. @throws VALIDATION_FAILED | REGION_FAILED | AUDIT_FAILED */
    prepareRegion: (accountId: string, region: string): Promise<PreparedRegion> =>
      prepareRegion(ctx, accountId, region),
    /** Platform-internal (workers): runs the due sync jobs until none is due, bounded concurrency; never rejects for a region failure. */
    runDueJobs: (opts?: RunDueJobsOptions): Promise<RunDueJobsResult> => runDueJobs(ctx, opts),
    /** Platform-internal (workers): starts polling the sync outbox; `stop()` drains the jobs in flight. */
    startSyncWorker: (opts?: SyncWorkerOptions): SyncWorker => startSyncWorker(ctx, opts),
    /** Platform-internal (workers): stores the ACME issuance state observed in each active region (one account or all). @throws VALIDATION_FAILED */
    refreshIssuance: (accountId?: string): Promise<IssuanceRefreshResult> => refreshIssuance(ctx, accountId),
    /** Platform-internal (workers): drift healing: pushes again what a region lost or had edited by hand (one account/region or all). @throws VALIDATION_FAILED */
    reconcile: (scope?: { accountId?: string; region?: string }): Promise<ReconcileResult> =>
      reconcile(ctx, scope),
  }
}

/** The object `createCredentials` returns. */
export type Credentials = ReturnType<typeof createCredentials>

/**
 * An actor as the platform passes it, e.g. its own session object: fields credkit does not use
 * are ignored. Validated at run time.
 */
export interface ActorInput {
  readonly accountId: string
  readonly userId: string
  readonly roles: ReadonlyArray<string>
  readonly [field: string]: unknown
}
