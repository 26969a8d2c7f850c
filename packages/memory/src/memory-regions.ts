import {
  type AcmeIssuance,
  type CertificateMetadata,
  type Clock,
  CredentialsError,
  type MaterializedCredential,
  type RegionCallOptions,
  type RegionObservation,
  type RegionPort,
  systemClock,
} from '@credkit/core'
import { initialIssuance, simulatedCertificate } from './acme-issuance.js'
import { createFaults, type FaultOptions, type RegionCall, type RegionFaults } from './faults.js'

export interface MemoryRegionsOptions {
  /** Region ids this port reaches. */
  readonly regions: ReadonlyArray<string>
  /** Delay of every call, on `clock` (default 0). */
  readonly latencyMs?: number
  /** Faults active from the start; more can be scripted through `faults`. */
  readonly faults?: FaultOptions
  /** Clock of down windows, issuance dates, latency and slow calls (default: system clock). */
  readonly clock?: Clock
  /** Seed of the failure-rate RNG (default 1). */
  readonly seed?: number
  /** ACME: `manual` (default) stays `pending` until `issue`/`failIssuance`; `instant` issues on write. */
  readonly acmeIssuance?: 'manual' | 'instant'
}

/** What a simulated region holds for one credential. */
export interface MemoryRegionObject {
  readonly credential: MaterializedCredential
  readonly observation: RegionObservation
}

export interface MemoryRegions extends RegionPort {
  /** Scriptable failures, outages, slow calls and wrong hashes. */
  readonly faults: RegionFaults
  /** What `region` holds, by credential id (a copy). */
  holdings(region: string): Map<string, MemoryRegionObject>
  /** Number of writes each region received (a no-op apply writes nothing). */
  writes(region: string): number
  /** Simulates cert-manager issuing the ACME certificate of a credential held in `region`. */
  issue(region: string, credentialId: string, certificate?: Partial<CertificateMetadata>): void
  /** Simulates a failed ACME issuance. */
  failIssuance(region: string, credentialId: string, message: string): void
  /** What the account holds in `region`, by credential id (the inventory drift healing reads). */
  scan(
    region: string,
    accountId: string,
    options?: RegionCallOptions,
  ): Promise<Map<string, RegionObservation>>
  /** Simulates a hand edit (the content no longer matches its hash) or a hand deletion, not counted as a write. */
  tamper(region: string, credentialId: string, change: 'edit' | 'delete'): void
}

/**
 * Simulated regions held in memory, for quick starts and tests. Honours the `RegionPort`
 * contract: idempotent, never replaces a newer version with an older one, and an apply whose
 * content hash is already in place writes nothing. A slow or held call stops when the `signal`
 * the engine passes aborts (its timeout), and never lands; a call without a signal still
 * completes later, as a real cluster would.
 */
export function createMemoryRegions(options: MemoryRegionsOptions): MemoryRegions {
  const clock = options.clock ?? systemClock
  const latencyMs = options.latencyMs ?? 0
  const acmeMode = options.acmeIssuance ?? 'manual'
  const held = new Map(options.regions.map((region) => [region, new Map<string, MemoryRegionObject>()]))
  const writeCounts = new Map(options.regions.map((region) => [region, 0]))
  const faults = createFaults(options.faults ?? {}, clock, options.seed ?? 1)

  const regionOf = (region: string) => {
    const objects = held.get(region)
    if (!objects) throw new CredentialsError('REGION_FAILED', 'Unknown region', { field: 'region' })
    return objects
  }
  const countWrite = (region: string) => writeCounts.set(region, (writeCounts.get(region) ?? 0) + 1)

  /**
   * Unknown region first, then the call's faults, then latency; returns whether to fake the hash.
   * An aborted `signal` ends the wait at once and rejects with its reason: the call never lands.
   */
  async function enter(call: RegionCall, signal: AbortSignal | undefined): Promise<boolean> {
    signal?.throwIfAborted()
    regionOf(call.region)
    const decision = faults.decide(call)
    if (decision.gate) await abortable(decision.gate, signal)
    const delay = latencyMs + decision.delayMs
    if (delay > 0) await clock.sleep(delay, signal)
    signal?.throwIfAborted()
    if (decision.fails) throw decision.failure
    return decision.wrongHash
  }

  function setIssuance(
    region: string,
    credentialId: string,
    issuance: (o: MemoryRegionObject) => AcmeIssuance,
  ) {
    const objects = regionOf(region)
    const object = objects.get(credentialId)
    if (object?.credential.type !== 'acme-wildcard') {
      throw new Error('issuance needs an ACME credential held in the region')
    }
    objects.set(credentialId, {
      ...object,
      observation: { ...object.observation, issuance: issuance(object) },
    })
  }

  return {
    faults: faults.controls,
    async regions() {
      return [...held.keys()].sort()
    },
    async apply(region, credential, options) {
      const wrongHash = await enter(
        { region, operation: 'apply', ref: credential, credential },
        options?.signal,
      )
      const objects = regionOf(region)
      const existing = objects.get(credential.credentialId)
      let observation: RegionObservation
      if (existing && existing.observation.version > credential.version) {
        observation = existing.observation
      } else if (existing && existing.observation.contentHash === credential.contentHash) {
        observation = { ...existing.observation, version: credential.version }
        objects.set(credential.credentialId, { credential, observation })
      } else {
        observation = {
          version: credential.version,
          contentHash: credential.contentHash,
          issuance: initialIssuance(credential, acmeMode, clock.now()),
        }
        objects.set(credential.credentialId, { credential, observation })
        countWrite(region)
      }
      return wrongHash ? { ...observation, contentHash: `${observation.contentHash.slice(1)}0` } : observation
    },
    async remove(region, ref, options) {
      await enter({ region, operation: 'remove', ref, credential: null }, options?.signal)
      if (regionOf(region).delete(ref.credentialId)) countWrite(region)
    },
    async observe(region, ref, options) {
      await enter({ region, operation: 'observe', ref, credential: null }, options?.signal)
      return regionOf(region).get(ref.credentialId)?.observation ?? null
    },
    async scan(region, accountId, options) {
      options?.signal?.throwIfAborted()
      const held = new Map<string, RegionObservation>()
      for (const [id, object] of regionOf(region)) {
        if (object.credential.accountId === accountId) held.set(id, object.observation)
      }
      return held
    },
    tamper(region, credentialId, change) {
      const objects = regionOf(region)
      const object = objects.get(credentialId)
      if (!object) throw new Error('nothing to tamper with in the region')
      if (change === 'delete') objects.delete(credentialId)
      else {
        const contentHash = `hand-edited:${object.observation.contentHash}`
        objects.set(credentialId, { ...object, observation: { ...object.observation, contentHash } })
      }
    },
    holdings(region) {
      return new Map(regionOf(region))
    },
    writes(region) {
      return writeCounts.get(region) ?? 0
    },
    issue(region, credentialId, certificate) {
      setIssuance(region, credentialId, (object) => ({
        state: 'issued',
        certificate: simulatedCertificate(object.credential, clock.now(), certificate),
      }))
    },
    failIssuance(region, credentialId, message) {
      setIssuance(region, credentialId, () => ({ state: 'failed', message }))
    },
  }
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  signal.throwIfAborted()
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
