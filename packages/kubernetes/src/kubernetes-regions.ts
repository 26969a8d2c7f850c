import {
  CredentialsError,
  type RegionCallOptions,
  type RegionObjectRef,
  type RegionObservation,
  type RegionPort,
} from '@credkit/core'
import { KubeConfig } from '@kubernetes/client-node'
import { applyCredential, readOwned } from './apply.js'
import { type ClusterClient, createClusterClient, type KubeObject, type ObjectKind } from './client.js'
import type { AcmeOptions } from './manifests/acme.js'
import { createHtpasswd, DEFAULT_BCRYPT_COST } from './manifests/basic-auth.js'
import { ownedObjects } from './manifests/index.js'
import { accountSelector } from './names.js'
import { annotationsOf } from './objects.js'
import { type FoundObjects, observationOf } from './observation.js'

/** One region: a built `KubeConfig` (its current context), a kubeconfig file path, or either with its own namespace rule. */
export type ClusterConfig =
  | KubeConfig
  | string
  | { readonly kubeConfig: KubeConfig | string; readonly namespace?: (accountId: string) => string }

export interface KubernetesRegionsOptions {
  /** The clusters, by region id. */
  readonly clusters: Readonly<Record<string, ClusterConfig>>
  /** The namespace an account's objects live in (it must exist; credkit does not create namespaces). */
  readonly namespace: (accountId: string) => string
  /** ACME directory and default email, needed for `acme-wildcard` credentials. */
  readonly acme?: AcmeOptions
  /** Server-side apply field manager (default `credkit`). */
  readonly fieldManager?: string
  /** bcrypt cost of basic-auth htpasswd lines (default 10). */
  readonly bcryptCost?: number
}

/** A `RegionPort` on Kubernetes, plus the inventory and clean-up calls reconcile and operators use. */
export interface KubernetesRegions extends RegionPort {
  /** What the account holds in `region`: one LIST per kind, by label selector. */
  scan(
    region: string,
    accountId: string,
    options?: RegionCallOptions,
  ): Promise<Map<string, RegionObservation>>
  /** Deletes credkit-labelled objects of the account whose credential id is not in `knownIds`; returns the ids removed. */
  prune(
    region: string,
    accountId: string,
    knownIds: Iterable<string>,
    options?: RegionCallOptions,
  ): Promise<string[]>
}

const KINDS: ReadonlyArray<ObjectKind> = ['Secret', 'Issuer', 'Certificate']

/**
 * Credentials as Kubernetes objects (§8 of the design): Secrets per type, cert-manager Issuer and
 * Certificate for ACME, labelled `app.kubernetes.io/managed-by: credkit`, written by server-side
 * apply and read back before success is reported. Every call passes the engine's `AbortSignal` to
 * the HTTP client; failures reject with a `RegionError` (HTTP status, Kubernetes reason).
 */
export function createKubernetesRegions(options: KubernetesRegionsOptions): KubernetesRegions {
  const fieldManager = options.fieldManager ?? 'credkit'
  const deps = { acme: options.acme, htpasswd: createHtpasswd(options.bcryptCost ?? DEFAULT_BCRYPT_COST) }
  const clusters = new Map(
    Object.entries(options.clusters).map(([region, config]) => {
      const { kubeConfig, namespace } =
        typeof config === 'string' || config instanceof KubeConfig
          ? { kubeConfig: config, namespace: undefined }
          : config
      return [
        region,
        {
          client: createClusterClient(loadKubeConfig(kubeConfig), fieldManager),
          namespace: namespace ?? options.namespace,
        },
      ] as const
    }),
  )

  function clusterOf(region: string): { client: ClusterClient; namespace: (accountId: string) => string } {
    const cluster = clusters.get(region)
    if (!cluster) throw new CredentialsError('REGION_FAILED', 'Unknown region', { field: 'region' })
    return cluster
  }

  async function observe(region: string, ref: RegionObjectRef, call?: RegionCallOptions) {
    const { client, namespace } = clusterOf(region)
    const { found, issuedSecret } = await readOwned(client, namespace(ref.accountId), ref, call?.signal)
    return observationOf(ref.credentialId, ref.type, found, issuedSecret, client.fieldManager)
  }

  /** The account's credkit objects, grouped by credential id (one LIST per kind). */
  async function inventory(region: string, accountId: string, signal?: AbortSignal) {
    const { client, namespace } = clusterOf(region)
    const ns = namespace(accountId)
    const byCredential = new Map<string, { type: string; found: Record<ObjectKind, KubeObject | null> }>()
    for (const kind of KINDS) {
      for (const object of await client.list(kind, ns, accountSelector(accountId), signal)) {
        const id = annotationsOf(object)?.credentialId
        const type = object.metadata?.labels?.['credkit.dev/type']
        if (!id || !type || object.metadata?.annotations?.['credkit.dev/account-id'] !== accountId) continue
        const entry = byCredential.get(id) ?? {
          type,
          found: { Secret: null, Issuer: null, Certificate: null },
        }
        entry.found[kind] = object
        byCredential.set(id, entry)
      }
    }
    return { client, ns, byCredential }
  }

  return {
    async regions() {
      return [...clusters.keys()].sort()
    },
    async apply(region, credential, call) {
      call?.signal?.throwIfAborted()
      const { client, namespace } = clusterOf(region)
      return applyCredential(client, namespace(credential.accountId), credential, deps, call?.signal)
    },
    async remove(region, ref, call) {
      call?.signal?.throwIfAborted()
      const { client, namespace } = clusterOf(region)
      const ns = namespace(ref.accountId)
      for (const { kind, name } of ownedObjects(ref)) {
        const live = await client.get(kind, ns, name, call?.signal)
        // Only what credkit labelled for this very credential is deleted.
        if (live && annotationsOf(live)?.credentialId === ref.credentialId) {
          await client.delete(kind, ns, name, call?.signal, live.metadata?.uid)
        }
      }
    },
    observe,
    async scan(region, accountId, call) {
      const { client, byCredential } = await inventory(region, accountId, call?.signal)
      const result = new Map<string, RegionObservation>()
      for (const [id, entry] of byCredential) {
        const type = entry.type as RegionObjectRef['type']
        const observation = observationOf(id, type, entry.found as FoundObjects, null, client.fieldManager)
        if (observation) result.set(id, observation)
      }
      return result
    },
    async prune(region, accountId, knownIds, call) {
      const known = new Set(knownIds)
      const { client, ns, byCredential } = await inventory(region, accountId, call?.signal)
      const removed: string[] = []
      for (const [id, entry] of byCredential) {
        if (known.has(id)) continue
        for (const kind of KINDS) {
          const object = entry.found[kind]
          if (object?.metadata?.name) {
            await client.delete(kind, ns, object.metadata.name, call?.signal, object.metadata.uid)
          }
        }
        removed.push(id)
      }
      return removed.sort()
    },
  }
}

function loadKubeConfig(config: KubeConfig | string): KubeConfig {
  if (typeof config !== 'string') return config
  const kc = new KubeConfig()
  kc.loadFromFile(config)
  return kc
}
