import { readFileSync } from 'node:fs'
import { isRegionError, type MaterializedCredential, secret } from '@credkit/core'
import { makeMaterialized, makeMaterializedAcme } from '@credkit/testing'
import { loadYaml, RbacAuthorizationV1Api, type V1Role } from '@kubernetes/client-node'
import { afterEach, beforeEach, expect, inject, it } from 'vitest'
import { createKubernetesRegions } from '../src/index.js'
import { ACME_SERVER, describeKube, twoRegions } from './fixture.js'
import { tokenKubeConfig } from './kube-env.js'

const env = inject('kube')
const REGION = 'kube-a'

/** The Role exactly as docs/kubernetes.md prints it. */
function documentedRole(): V1Role {
  const doc = readFileSync(new URL('../../../docs/kubernetes.md', import.meta.url), 'utf8')
  const block = /## RBAC[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1]
  if (!block) throw new Error('docs/kubernetes.md has no RBAC yaml block')
  return loadYaml<V1Role>(block)
}

let fx: Awaited<ReturnType<typeof twoRegions>>
let ns: string
beforeEach(async () => {
  if (env.mode !== 'envtest') return
  fx = await twoRegions(env)
  ns = fx.namespaces[REGION]!
})
afterEach(async () => fx?.teardown())

const describeEnvtest = describeKube(
  env.mode === 'envtest' ? env : { mode: 'skip', reason: 'needs the test API server' },
)

describeEnvtest('the documented Role', () => {
  it('is all a user with no other rights needs to run the adapter', async () => {
    if (env.mode !== 'envtest') return
    const limited = createKubernetesRegions({
      clusters: { [REGION]: tokenKubeConfig(env.server, env.caPem, env.limitedUser.token) },
      namespace: () => ns,
      acme: { server: ACME_SERVER },
    })
    const registry: MaterializedCredential = {
      ...makeMaterialized(),
      type: 'container-registry',
      payload: { server: 'ghcr.io', email: null, username: 'u', password: secret('p') },
    }
    const before = await limited.apply(REGION, registry).catch((e: unknown) => e)
    expect(isRegionError(before) && before.status).toBe(403)
    expect(isRegionError(before) && before.reason).toBe('Forbidden')

    const rbac = fx.kc.makeApiClient(RbacAuthorizationV1Api)
    const role = documentedRole()
    await rbac.createNamespacedRole({ namespace: ns, body: role })
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'credkit' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata?.name ?? '' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: env.limitedUser.user }],
      },
    })

    const acme = makeMaterializedAcme({ accountId: registry.accountId })
    const basic = makeMaterialized({ accountId: registry.accountId })
    for (const credential of [registry, acme, basic]) {
      expect(await limited.apply(REGION, credential)).toMatchObject({ contentHash: credential.contentHash })
      await limited.apply(REGION, { ...credential })
    }
    // Type change: delete and recreate.
    await limited.apply(REGION, {
      ...basic,
      type: 'container-registry',
      version: 2,
      contentHash: 'z'.padEnd(64, '0'),
      payload: registry.payload,
    } as MaterializedCredential)
    expect((await limited.scan(REGION, registry.accountId)).size).toBe(3)
    expect(
      await limited.prune(REGION, registry.accountId, [registry.credentialId, acme.credentialId]),
    ).toEqual([basic.credentialId])
    await limited.remove(REGION, acme)
    expect(await limited.observe(REGION, acme)).toBeNull()
    expect(await limited.observe(REGION, registry)).toMatchObject({ contentHash: registry.contentHash })
  })
})
