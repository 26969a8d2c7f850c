import { createCredentials, createLocalKeyring, generateKey } from '@credkit/core'
import { createMemoryStorage } from '@credkit/memory'
import { KubeConfig, setHeaderOptions } from '@kubernetes/client-node'
import { afterEach, beforeEach, expect, inject, it } from 'vitest'
import { createKubernetesRegions } from '../src/index.js'
import { issueCertificate } from './envtest/certs.js'
import { startCountingProxy } from './envtest/counting-proxy.js'
import { ACME_SERVER, describeKube, directReader } from './fixture.js'
import { adminKubeConfig, freshNamespace } from './kube-env.js'

const env = inject('kube')
const envtest = env.mode === 'envtest' ? env : null
const REGION = 'kube-a'
const ACCOUNT = 'acct-count'
const PER_TYPE = 20
const admin = { accountId: ACCOUNT, userId: 'u-admin', roles: ['admin'] }

let namespace: Awaited<ReturnType<typeof freshNamespace>> | null = null
let proxy: Awaited<ReturnType<typeof startCountingProxy>> | null = null
beforeEach(async () => {
  if (envtest) namespace = await freshNamespace(envtest)
})
afterEach(async () => {
  await proxy?.stop()
  await namespace?.drop()
})

/** The counting proxy speaks plain HTTP on loopback (the client allows that only without TLS verification). */
function plainHttpKubeConfig(server: string, token: string): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{ name: 'proxy', server, skipTLSVerify: true }],
    users: [{ name: 'admin', token }],
    contexts: [{ name: 'proxy', cluster: 'proxy', user: 'admin' }],
    currentContext: 'proxy',
  })
  return kc
}

const describeEnvtest = describeKube(envtest ?? { mode: 'skip', reason: 'needs the test API server' })

describeEnvtest('what a reconcile pass costs on the API server', () => {
  it('reads 20 credentials of every type with one LIST per namespace and kind, not one GET per object', async () => {
    const ns = namespace!.name
    proxy = await startCountingProxy(envtest!)
    const regions = createKubernetesRegions({
      clusters: { [REGION]: plainHttpKubeConfig(proxy.url, envtest!.adminToken) },
      namespace: () => ns,
      acme: { server: ACME_SERVER, email: 'ops@example.com' },
      bcryptCost: 4,
    })
    const credentials = createCredentials({
      storage: createMemoryStorage(),
      regions,
      keys: createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' }),
    })
    await credentials.prepareRegion(ACCOUNT, REGION)
    const leaf = await issueCertificate({ commonName: 'app.example.com', altNames: ['app.example.com'] })
    const inputs = [
      { type: 'container-registry', data: { server: 'ghcr.io', username: 'robot', password: 'registry-pw' } },
      { type: 'basic-auth', data: { username: 'staging', password: 'basic-pw' } },
      { type: 'tls-certificate', data: { certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem } },
      {
        type: 'acme-wildcard',
        data: {
          provider: 'cloudflare',
          commonName: '*.example.com',
          providerConfig: { apiToken: 'cf-token' },
        },
      },
    ] as const
    const created: string[] = []
    for (let i = 0; i < PER_TYPE; i++) {
      for (const input of inputs) {
        created.push((await credentials.create(admin, { ...input, name: `${input.type}-${i}` })).id)
      }
    }
    await credentials.runDueJobs()

    const lists = [
      `/api/v1/namespaces/${ns}/secrets`,
      `/apis/cert-manager.io/v1/namespaces/${ns}/issuers`,
      `/apis/cert-manager.io/v1/namespaces/${ns}/certificates`,
    ].map((path) => ({
      method: 'GET',
      path,
      labelSelector: `app.kubernetes.io/managed-by=credkit,credkit.dev/account=${ACCOUNT}`,
    }))

    proxy.reset()
    const scanned = await regions.scan(REGION, ACCOUNT)
    expect([...scanned.keys()].sort()).toEqual([...created].sort())
    expect(proxy.requests).toEqual(lists)

    proxy.reset()
    const total = created.length
    expect(await credentials.reconcile({ accountId: ACCOUNT })).toEqual({
      checked: total,
      healed: 0,
      failed: 0,
    })
    expect(proxy.requests).toEqual(lists)

    // With one Secret edited by hand, the pass still lists once per kind; only the healing push
    // touches single objects, and only that credential's.
    const edited = `credkit-${created[1]}`
    await directReader(adminKubeConfig(envtest!)).core.patchNamespacedSecret(
      { name: edited, namespace: ns, body: { stringData: { auth: 'x:y' } } },
      setHeaderOptions('Content-Type', 'application/merge-patch+json'),
    )
    proxy.reset()
    expect(await credentials.reconcile({ accountId: ACCOUNT })).toEqual({
      checked: total,
      healed: 1,
      failed: 0,
    })
    expect(proxy.requests.slice(0, 3)).toEqual(lists)
    const rest = proxy.requests.slice(3)
    expect(rest.every((r) => r.path === `/api/v1/namespaces/${ns}/secrets/${edited}`)).toBe(true)
    expect(rest.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET'])
  })
})
