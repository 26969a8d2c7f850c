import { randomBytes } from 'node:crypto'
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import type { TokenUser } from './envtest/api-server.js'

/** What the global setup hands the tests (see `global-setup.ts`). */
export type KubeTestEnv =
  | {
      readonly mode: 'envtest'
      readonly server: string
      readonly caPem: string
      readonly adminToken: string
      /** A user with no rights until a test binds a Role to it. */
      readonly limitedUser: TokenUser
      readonly apiServerBinary: string
      readonly etcdUrl: string
      readonly dir: string
    }
  | { readonly mode: 'external'; readonly kubeconfig: string; readonly namespace: string }
  | { readonly mode: 'skip'; readonly reason: string }

/** A kubeconfig for `server` authenticating with a bearer token. */
export function tokenKubeConfig(server: string, caPem: string, token: string, user = 'user'): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [
      { name: 'envtest', server, caData: Buffer.from(caPem).toString('base64'), skipTLSVerify: false },
    ],
    users: [{ name: user, token }],
    contexts: [{ name: 'envtest', cluster: 'envtest', user }],
    currentContext: 'envtest',
  })
  return kc
}

/** The cluster admin's kubeconfig: the test API server's, or the external cluster's. */
export function adminKubeConfig(env: KubeTestEnv): KubeConfig {
  if (env.mode === 'skip') throw new Error(`no Kubernetes API: ${env.reason}`)
  if (env.mode === 'external') {
    const kc = new KubeConfig()
    kc.loadFromFile(env.kubeconfig)
    return kc
  }
  return tokenKubeConfig(env.server, env.caPem, env.adminToken, 'admin')
}

/**
 * A namespace of its own for one test: created (and later deleted) on the test API server; on an
 * external cluster, the one `CREDKIT_TEST_NAMESPACE` names (tests then tell apart by ids).
 */
export async function freshNamespace(env: KubeTestEnv): Promise<{ name: string; drop(): Promise<void> }> {
  if (env.mode === 'external') return { name: env.namespace, drop: async () => undefined }
  const core = adminKubeConfig(env).makeApiClient(CoreV1Api)
  const name = `t-${randomBytes(5).toString('hex')}`
  await core.createNamespace({ body: { metadata: { name } } })
  return {
    name,
    // No namespace controller runs here: the namespace stays Terminating, its objects stay in
    // etcd until the run ends. Harmless: every test uses names of its own.
    drop: async () => {
      await core.deleteNamespace({ name }).catch(() => undefined)
    },
  }
}
