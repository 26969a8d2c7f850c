import type { CredentialType } from '../model/credential-type.js'
import type { Secret } from '../model/secret.js'
import type { AcmeIssuance } from '../model/sync-records.js'

/** Payload pushed to a region, per type. Secret values stay wrapped until the adapter writes them. */
export interface MaterializedPayloadByType {
  'container-registry': {
    readonly server: string
    readonly email: string | null
    readonly username: string
    readonly password: Secret<string>
  }
  'basic-auth': { readonly username: string; readonly password: Secret<string> }
  'tls-certificate': {
    readonly certificate: string
    readonly chain: string | null
    readonly privateKey: Secret<string>
  }
  'acme-wildcard': {
    readonly provider: string
    readonly commonName: string
    readonly altNames: ReadonlyArray<string>
    readonly email: string | null
    readonly providerConfig: Secret<Readonly<Record<string, unknown>>>
  }
}

/** Identifies what credkit placed in a region for one credential. */
export interface RegionObjectRef {
  readonly accountId: string
  readonly credentialId: string
  readonly type: CredentialType
}

/** One credential version, decrypted in memory, ready to be written to a region. */
export type MaterializedCredential = {
  [T in CredentialType]: RegionObjectRef & {
    readonly type: T
    readonly version: number
    /**
     * Stable digest of this version's content (no secret can be derived from it): the same
     * version always has the same hash, so an adapter can skip a write that changes nothing.
     */
    readonly contentHash: string
    readonly payload: MaterializedPayloadByType[T]
  }
}[CredentialType]

/** What a region holds for one credential. */
export interface RegionObservation {
  readonly version: number
  readonly contentHash: string
  /** ACME only: cert-manager's issuance state. */
  readonly issuance: AcmeIssuance | null
}

/** Per-call options of a `RegionPort` method. */
export interface RegionCallOptions {
  /**
   * Aborted when the engine gives up on the call (its `callTimeoutMs` elapsed). An adapter should
   * honour it: stop waiting, cancel what it can (pass it to `fetch`, the Kubernetes client...) and
   * above all not write after it fired, then reject (with `signal.reason`, say). An already aborted
   * signal means: do nothing and reject.
   */
  readonly signal?: AbortSignal
}

/**
 * Writes credentials into the regions an account deploys to (Kubernetes clusters, say).
 *
 * Contract:
 * - `apply` is idempotent: applying the same version twice leaves identical objects, and an adapter
 *   may skip the write when `observe` already shows `contentHash` (it may then report the older
 *   `version` it still labels the objects with: the engine goes by the hash). It must never
 *   replace a newer version with an older one (it resolves without writing and reports what is
 *   in place). It resolves with what the region now holds.
 * - `remove` deletes what credkit placed for the credential; absent objects are success.
 * - `observe` returns null when nothing is there.
 * - Failures reject, preferably with a `RegionError` (`message` in the adapter's own words, never
 *   a request body or a secret; the API's HTTP `status`; a short `reason` such as the Kubernetes
 *   `Status.reason`). The engine stores status, reason and the message with every secret of the
 *   credential redacted, and retries. Any other thrown value is stored with no status and no
 *   reason, its message redacted the same way.
 * - Arguments hold secrets: an adapter never logs them.
 * - Each call takes an optional last argument `options` whose `signal` aborts when the engine
 *   timed the call out (`RegionCallOptions`). An `apply` whose signal aborted either lands and
 *   resolves, or rejects and never writes, not even later: the engine keeps the job leased until
 *   its lease expires, so a removal or a newer push does not start meanwhile, but a write landing
 *   after the lease would undo them. An adapter whose requests can still be processed at the
 *   region after it rejected (a request already sent to an API server) must be able to tell when
 *   they are done: the conformance suite's `settled(region)` hook (`RegionFixture`) resolves
 *   then, and the suite checks that nothing landed after it, and after a later call.
 */
export interface RegionPort {
  /** Ids of the regions this port can reach. An unknown region id is a validation error. */
  regions(): Promise<string[]>
  apply(
    region: string,
    credential: MaterializedCredential,
    options?: RegionCallOptions,
  ): Promise<RegionObservation>
  remove(region: string, ref: RegionObjectRef, options?: RegionCallOptions): Promise<void>
  observe(
    region: string,
    ref: RegionObjectRef,
    options?: RegionCallOptions,
  ): Promise<RegionObservation | null>
  /**
   * Optional cheap inventory for drift healing (`reconcile`): what `region` holds for every
   * credential of `accountId`, by credential id, in a few calls (Kubernetes: one LIST per kind
   * with a label selector), not one `observe` per credential. An object edited or deleted by
   * hand must not report the hash credkit wrote: a missing entry or another `contentHash` makes
   * reconcile push again. Without it, reconcile calls `observe` per credential.
   */
  scan?(
    region: string,
    accountId: string,
    options?: RegionCallOptions,
  ): Promise<Map<string, RegionObservation>>
}
