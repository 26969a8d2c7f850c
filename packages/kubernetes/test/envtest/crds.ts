import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  ApiextensionsV1Api,
  type KubeConfig,
  loadYaml,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node'

/**
 * Creates the cert-manager CRDs found in `folder` and waits until each is Established. The files
 * carry `selectableFields`, which kube-apiserver 1.24 does not know (HTTP 500 on create): it is
 * dropped from every version first.
 */
export async function installCrds(kc: KubeConfig, folder: string): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api)
  const files = (await readdir(folder)).filter((name) => name.endsWith('.yaml')).sort()
  const names: string[] = []
  for (const name of files) {
    const crd = loadYaml<V1CustomResourceDefinition>(await readFile(join(folder, name), 'utf8'))
    for (const version of crd.spec.versions)
      delete (version as { selectableFields?: unknown }).selectableFields
    await api.createCustomResourceDefinition({ body: crd })
    names.push(crd.metadata?.name ?? name)
  }
  const deadline = Date.now() + 30_000
  for (const name of names) {
    for (;;) {
      const crd = await api.readCustomResourceDefinition({ name })
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
