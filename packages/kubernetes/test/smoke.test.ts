import { CoreV1Api } from '@kubernetes/client-node'
import { expect, inject, it } from 'vitest'
import { adminKubeConfig, freshNamespace } from './kube-env.js'

it('talks to the api', async () => {
  const env = inject('kube')
  const ns = await freshNamespace(env)
  const core = adminKubeConfig(env).makeApiClient(CoreV1Api)
  const list = await core.listNamespacedSecret({ namespace: ns.name })
  expect(list.items).toEqual([])
})
