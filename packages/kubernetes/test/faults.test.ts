import { isRegionError, type MaterializedCredential, type RegionError, secret } from '@credkit/core'
import { makeMaterialized, testId } from '@credkit/testing'
import { expect, inject, it } from 'vitest'
import { createClusterClient } from '../src/client.js'
import { createKubernetesRegions } from '../src/index.js'
import { startTcpProxy } from './envtest/tcp-proxy.js'
import { describeKube, regionsPerTest } from './fixture.js'
import { tokenKubeConfig } from './kube-env.js'

const env = inject('kube')
const REGION = 'kube-a'
const kube = regionsPerTest(env, REGION)

async function regionError(promise: Promise<unknown>): Promise<RegionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!isRegionError(error)) throw new Error(`expected a RegionError, got ${String(error)}`)
  return error
}

const envtest = env.mode === 'envtest' ? env : null
const describeEnvtest = envtest
  ? describeKube(env)
  : describeKube({ mode: 'skip', reason: 'needs the test API server' })

describeEnvtest('region failures from a real kube-apiserver', () => {
  const regionsAt = (server: string, token: string) =>
    createKubernetesRegions({
      clusters: { [REGION]: tokenKubeConfig(server, envtest!.caPem, token) },
      namespace: () => kube.ns,
    })

  it('turns an unknown or expired token into 401 Unauthorized, without the request body', async () => {
    const regions = regionsAt(envtest!.server, 'expired-token')
    const credential = makeMaterialized({ password: 'never-in-an-error' })
    const error = await regionError(regions.apply(REGION, credential))
    expect(error).toMatchObject({ status: 401, reason: 'Unauthorized' })
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('never-in-an-error')
  })

  it('reports 409 Conflict and 422 Invalid with the Status reason and message', async () => {
    const client = createClusterClient(kube.fx.kc, 'credkit')
    const name = `s-${testId('x')}`
    await client.apply('Secret', kube.ns, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name },
      type: 'Opaque',
      data: {},
    })
    // A Secret's type cannot change in place: the API answers 422 Invalid on `type`.
    const invalid = await regionError(
      client.apply('Secret', kube.ns, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name },
        type: 'kubernetes.io/basic-auth',
        data: { username: Buffer.from('u').toString('base64') },
      }),
    )
    expect(invalid).toMatchObject({ status: 422, reason: 'Invalid' })
    expect(invalid.message).toMatch(/field is immutable/)
    // Deleting with a stale uid precondition: 409 Conflict.
    const conflict = await regionError(client.delete('Secret', kube.ns, name, undefined, 'not-the-uid'))
    expect(conflict).toMatchObject({ status: 409, reason: 'Conflict' })
  })

  it('fails with ConnectionRefused once the API server is gone, keeping what was written', async () => {
    const target = new URL(envtest!.server)
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) })
    const regions = regionsAt(proxy.url, envtest!.adminToken)
    const first = makeMaterialized()
    await regions.apply(REGION, first)
    await proxy.stop()
    const error = await regionError(regions.apply(REGION, makeMaterialized({ accountId: first.accountId })))
    expect(error).toMatchObject({ status: null, reason: 'ConnectionRefused' })
    // The objects written before the outage are intact.
    expect(await kube.fx.regions.observe(REGION, first)).toMatchObject({ contentHash: first.contentHash })
  })

  it('hands the AbortSignal to the client: a hung call rejects with its reason and never lands', async () => {
    const target = new URL(envtest!.server)
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) })
    const regions = regionsAt(proxy.url, envtest!.adminToken)
    const credential = makeMaterialized()
    const controller = new AbortController()
    const held = proxy.hold()
    const call = regions.apply(REGION, credential, { signal: controller.signal })
    await held
    const timeout = new Error('region call timed out')
    controller.abort(timeout)
    await expect(call).rejects.toBe(timeout)
    await proxy.stop()
    expect(await kube.fx.regions.observe(REGION, credential)).toBeNull()
  })

  it('reports a missing namespace as 404 NotFound', async () => {
    const regions = createKubernetesRegions({
      clusters: { [REGION]: kube.fx.kc },
      namespace: () => 'credkit-no-such-namespace',
    })
    const credential: MaterializedCredential = {
      ...makeMaterialized(),
      type: 'container-registry',
      payload: { server: 'ghcr.io', email: null, username: 'u', password: secret('p') },
    }
    const error = await regionError(regions.apply(REGION, credential))
    expect(error).toMatchObject({ status: 404, reason: 'NotFound' })
  })
})
