import { createCredentials, createLocalKeyring, generateKey } from '@credkit/core'
import { createPostgresStorage, migrate, pgliteClient } from '@credkit/postgres'
import { PGlite } from '@electric-sql/pglite'
import { afterEach, beforeEach, expect, inject, it } from 'vitest'
import { createKubernetesRegions } from '../src/index.js'
import { issueCertificate } from './envtest/certs.js'
import { ACME_SERVER, describeKube, directReader } from './fixture.js'
import { adminKubeConfig, freshNamespace } from './kube-env.js'

const env = inject('kube')
const ACCOUNT = 'acct-e2e'
const admin = { accountId: ACCOUNT, userId: 'u-admin', roles: ['admin'] }
const REGIONS = ['kube-a', 'kube-b', 'kube-new'] as const

let pglite: PGlite
let namespaces: Array<{ name: string; drop(): Promise<void> }> = []
beforeEach(async () => {
  if (env.mode !== 'envtest') return
  pglite = await PGlite.create()
  await migrate(pgliteClient(pglite))
  namespaces = await Promise.all(REGIONS.map(() => freshNamespace(env)))
})
afterEach(async () => {
  await Promise.all(namespaces.map((ns) => ns.drop()))
  await pglite?.close()
})

const describeEnvtest = describeKube(
  env.mode === 'envtest' ? env : { mode: 'skip', reason: 'needs the test API server' },
)

describeEnvtest('createCredentials on PGlite with Kubernetes regions', () => {
  it('syncs every type to two clusters, re-pushes updates, heals drift, removes deletions, prepares a new cluster', async () => {
    const kc = adminKubeConfig(env)
    const nsOf = Object.fromEntries(REGIONS.map((region, i) => [region, namespaces[i]!.name]))
    const regions = createKubernetesRegions({
      clusters: Object.fromEntries(REGIONS.map((r) => [r, { kubeConfig: kc, namespace: () => nsOf[r]! }])),
      namespace: () => 'unused',
      acme: { server: ACME_SERVER, email: 'ops@example.com' },
    })
    const credentials = createCredentials({
      storage: createPostgresStorage(pgliteClient(pglite)),
      regions,
      keys: createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' }),
    })
    const reader = directReader(kc)
    await credentials.prepareRegion(ACCOUNT, 'kube-a')
    await credentials.prepareRegion(ACCOUNT, 'kube-b')

    const leaf = await issueCertificate({ commonName: 'app.example.com', altNames: ['app.example.com'] })
    const created = [
      await credentials.create(admin, {
        type: 'container-registry',
        name: 'ghcr',
        data: { server: 'ghcr.io', username: 'robot', password: 'registry-pw' },
      }),
      await credentials.create(admin, {
        type: 'basic-auth',
        name: 'staging',
        data: { username: 'staging', password: 'basic-pw' },
      }),
      await credentials.create(admin, {
        type: 'tls-certificate',
        name: 'app',
        data: { certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem },
      }),
      await credentials.create(admin, {
        type: 'acme-wildcard',
        name: 'wildcard',
        data: {
          provider: 'cloudflare',
          commonName: '*.example.com',
          altNames: ['example.com'],
          providerConfig: { apiToken: 'cf-token' },
        },
      }),
    ]
    await credentials.runDueJobs()
    for (const view of created) {
      const { sync } = await credentials.get(admin, view.id)
      expect(sync.map((s) => [s.region, s.state, s.version])).toEqual([
        ['kube-a', 'synced', 1],
        ['kube-b', 'synced', 1],
      ])
    }
    const [registry, basic] = created as [(typeof created)[0], (typeof created)[1]]
    const secretName = (id: string) => `credkit-${id}`

    // An update re-pushes to both clusters.
    await credentials.update(admin, registry.id, { data: { password: 'registry-pw-2' } })
    await credentials.runDueJobs()
    for (const region of ['kube-a', 'kube-b']) {
      const secret = await reader.secret(nsOf[region]!, secretName(registry.id))
      expect(Buffer.from(secret?.data?.['.dockerconfigjson'] ?? '', 'base64').toString()).toContain(
        'registry-pw-2',
      )
    }

    // Drift: a Secret edited with a plain client, another deleted; reconcile heals both.
    const nsA = nsOf['kube-a']!
    await reader.core.patchNamespacedSecret(
      {
        name: secretName(basic.id),
        namespace: nsA,
        body: { data: { auth: Buffer.from('x:y').toString('base64') } },
      },
      (await import('@kubernetes/client-node')).setHeaderOptions(
        'Content-Type',
        'application/merge-patch+json',
      ),
    )
    await reader.core.deleteNamespacedSecret({ name: secretName(registry.id), namespace: nsA })
    expect(await credentials.reconcile({ accountId: ACCOUNT })).toEqual({ checked: 8, healed: 2, failed: 0 })
    expect(
      await regions.observe('kube-a', { accountId: ACCOUNT, credentialId: basic.id, type: 'basic-auth' }),
    ).toMatchObject({
      contentHash: (
        await regions.observe('kube-b', { accountId: ACCOUNT, credentialId: basic.id, type: 'basic-auth' })
      )?.contentHash,
    })
    expect(await reader.secret(nsA, secretName(registry.id))).not.toBeNull()
    const healed = (await credentials.auditLog(admin, { limit: 100 })).events.filter(
      (e) => e.action === 'credential.drift-healed',
    )
    expect(healed).toHaveLength(2)
    expect(await credentials.reconcile({ accountId: ACCOUNT })).toMatchObject({ healed: 0 })

    // A new cluster is filled before its first deploy.
    const prepared = await credentials.prepareRegion(ACCOUNT, 'kube-new')
    expect(prepared).toBeDefined()
    for (const view of created) {
      const status = (await credentials.get(admin, view.id)).sync.find((s) => s.region === 'kube-new')
      expect(status?.state).toBe('synced')
    }

    // A delete removes from every cluster.
    await credentials.delete(admin, registry.id)
    await credentials.runDueJobs()
    for (const region of REGIONS)
      expect(await reader.secret(nsOf[region]!, secretName(registry.id))).toBeNull()
  })
})
