import { canonicalJson, type RegionObjectRef } from '@credkit/core'
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node'
import { afterEach, beforeEach, describe } from 'vitest'
import { createKubernetesRegions, type KubernetesRegionsOptions } from '../src/index.js'
import { ownedObjects } from '../src/manifests/index.js'
import { liveContent } from '../src/objects.js'
import { adminKubeConfig, freshNamespace, type KubeTestEnv } from './kube-env.js'

export const ACME_SERVER = 'https://acme-staging-v02.api.letsencrypt.org/directory'

/** `describe`, or `describe.skip` with the reason printed when there is no Kubernetes API. */
export function describeKube(env: KubeTestEnv): typeof describe | typeof describe.skip {
  return env.mode === 'skip' ? describe.skip : describe
}

/** Reads objects straight from the API as the admin, bypassing the adapter. */
export function directReader(kc: KubeConfig) {
  const core = kc.makeApiClient(CoreV1Api)
  const custom = kc.makeApiClient(CustomObjectsApi)
  const cm = { group: 'cert-manager.io', version: 'v1' }
  const missing = (error: unknown) => {
    if ((error as { code?: number }).code === 404) return null
    throw error
  }
  return {
    core,
    custom,
    secret: (namespace: string, name: string) =>
      core.readNamespacedSecret({ name, namespace }).catch(missing),
    resource: (namespace: string, plural: 'issuers' | 'certificates', name: string) =>
      custom
        .getNamespacedCustomObject({ ...cm, plural, namespace, name })
        .then((o) => o as Record<string, unknown> & { metadata: { resourceVersion: string } })
        .catch(missing),
    /** Stable text of every object the credential owns (decoded data and specs), or null. */
    async stored(namespace: string, ref: RegionObjectRef): Promise<string | null> {
      const parts: unknown[] = []
      for (const { kind, name } of ownedObjects(ref)) {
        const object =
          kind === 'Secret'
            ? await this.secret(namespace, name)
            : await this.resource(namespace, kind === 'Issuer' ? 'issuers' : 'certificates', name)
        if (object) parts.push({ kind, name, ...liveContent({ kind, ...(object as object) }) })
      }
      return parts.length === 0 ? null : canonicalJson(parts)
    },
    /** The newest resourceVersion among the namespace's Secrets, Issuers and Certificates. */
    async latestWrite(namespace: string): Promise<number> {
      const lists = [
        (await core.listNamespacedSecret({ namespace })).items,
        (
          (await custom.listNamespacedCustomObject({ ...cm, plural: 'issuers', namespace })) as {
            items: unknown[]
          }
        ).items,
        (
          (await custom.listNamespacedCustomObject({ ...cm, plural: 'certificates', namespace })) as {
            items: unknown[]
          }
        ).items,
      ]
      let latest = 0
      for (const item of lists.flat()) {
        latest = Math.max(
          latest,
          Number((item as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion),
        )
      }
      return latest
    },
  }
}

/**
 * Two regions on the test API server, each with a namespace of its own (created for the test),
 * or one region on an external cluster's namespace.
 */
export async function twoRegions(env: KubeTestEnv, extra: Partial<KubernetesRegionsOptions> = {}) {
  const kc = adminKubeConfig(env)
  const a = await freshNamespace(env)
  const b = env.mode === 'envtest' ? await freshNamespace(env) : null
  const namespaces: Record<string, string> = { 'kube-a': a.name, ...(b ? { 'kube-b': b.name } : {}) }
  const regions = createKubernetesRegions({
    clusters: Object.fromEntries(
      Object.entries(namespaces).map(([region, ns]) => [region, { kubeConfig: kc, namespace: () => ns }]),
    ),
    namespace: () => a.name,
    acme: { server: ACME_SERVER, email: 'ops@example.com' },
    ...extra,
  })
  return {
    kc,
    regions,
    namespaces,
    reader: directReader(kc),
    teardown: async () => {
      await a.drop()
      await b?.drop()
    },
  }
}

/**
 * A fresh `twoRegions` fixture for each test of the file (created before, torn down after), with
 * the namespace of `region`; nothing when the tier is skipped.
 */
export function regionsPerTest(env: KubeTestEnv, region = 'kube-a') {
  const current = {} as { fx: Awaited<ReturnType<typeof twoRegions>>; ns: string }
  beforeEach(async () => {
    if (env.mode === 'skip') return
    current.fx = await twoRegions(env)
    current.ns = current.fx.namespaces[region]!
  })
  afterEach(async () => current.fx?.teardown())
  return current
}
