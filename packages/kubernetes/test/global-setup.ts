import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { startApiServer } from './envtest/api-server.js'
import { installCrds } from './envtest/crds.js'
import { startEtcd } from './envtest/etcd.js'
import { testUsers } from './envtest/users.js'
import { adminKubeConfig, type KubeTestEnv } from './kube-env.js'

declare module 'vitest' {
  export interface ProvidedContext {
    kube: KubeTestEnv
  }
}

const CRDS = fileURLToPath(new URL('../../../../shared/kube/cert-manager-crds/', import.meta.url))

/**
 * The envtest convention: with `KUBEBUILDER_ASSETS` (a folder holding `etcd` and `kube-apiserver`)
 * starts both on loopback ports, installs the cert-manager CRDs and hands the tests an admin
 * kubeconfig; with `KUBECONFIG` + `CREDKIT_TEST_NAMESPACE` the tests use that cluster instead;
 * otherwise the tier is skipped and the reason printed.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const kubeconfig = process.env['KUBECONFIG']
  const namespace = process.env['CREDKIT_TEST_NAMESPACE']
  if (kubeconfig && namespace) {
    project.provide('kube', { mode: 'external', kubeconfig, namespace })
    return undefined
  }
  const assets = process.env['KUBEBUILDER_ASSETS']
  const reason = skipReason(assets)
  if (reason) {
    console.warn(`[kubernetes] skipping the real-API tier: ${reason}`)
    project.provide('kube', { mode: 'skip', reason })
    return undefined
  }
  const dir = await mkdtemp(join(tmpdir(), 'credkit-envtest-'))
  const users = testUsers()
  const etcd = await startEtcd(join(assets!, 'etcd'), dir).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true })
    throw error
  })
  try {
    const server = await startApiServer({
      binary: join(assets!, 'kube-apiserver'),
      etcdUrl: etcd.url,
      dir: join(dir, 'apiserver'),
      users: Object.values(users),
    })
    const env: KubeTestEnv = {
      mode: 'envtest',
      server: server.url,
      caPem: server.ca.certificatePem,
      adminToken: users.admin.token,
      limitedUser: users.limited,
      apiServerBinary: join(assets!, 'kube-apiserver'),
      etcdUrl: etcd.url,
      dir,
    }
    await installCrds(adminKubeConfig(env), CRDS)
    project.provide('kube', env)
    return async () => {
      await server.stop()
      await etcd.stop()
      await rm(dir, { recursive: true, force: true })
    }
  } catch (error) {
    await etcd.stop()
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}

function skipReason(assets: string | undefined): string | null {
  if (!assets) {
    return 'neither KUBEBUILDER_ASSETS (a folder with etcd and kube-apiserver) nor KUBECONFIG + CREDKIT_TEST_NAMESPACE is set'
  }
  for (const binary of ['etcd', 'kube-apiserver']) {
    if (!existsSync(join(assets, binary))) return `KUBEBUILDER_ASSETS has no ${binary} (${assets})`
  }
  return null
}
