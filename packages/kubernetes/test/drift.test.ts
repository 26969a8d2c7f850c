import type { MaterializedCredential } from '@credkit/core'
import { testId } from '@credkit/testing'
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node'
import { expect, inject, it } from 'vitest'
import { DRIFTED } from '../src/index.js'
import { everyType } from './every-type.js'
import { describeKube, regionsPerTest } from './fixture.js'

const env = inject('kube')
const REGION = 'kube-a'
const kube = regionsPerTest(env, REGION)

const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json')
const serverSideApply = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply)
const b64 = (text: string) => Buffer.from(text).toString('base64')

/** A TLS credential with a chain (three data keys) written to the region; its Secret's name. */
async function appliedTls(): Promise<{ credential: MaterializedCredential; name: string }> {
  const samples = await everyType(testId('acct'))
  const credential = samples.credentials.find((c) => c.type === 'tls-certificate')!
  await kube.fx.regions.apply(REGION, credential)
  return { credential, name: `credkit-${credential.credentialId}` }
}

async function expectDriftedThenHealed(credential: MaterializedCredential) {
  const observed = await kube.fx.regions.observe(REGION, credential)
  expect(observed?.contentHash).toBe(`${DRIFTED}${credential.contentHash}`)
  const scanned = await kube.fx.regions.scan(REGION, credential.accountId)
  expect(scanned.get(credential.credentialId)?.contentHash).toBe(`${DRIFTED}${credential.contentHash}`)
  await kube.fx.regions.apply(REGION, credential)
  expect((await kube.fx.regions.observe(REGION, credential))?.contentHash).toBe(credential.contentHash)
  const scannedAgain = await kube.fx.regions.scan(REGION, credential.accountId)
  expect(scannedAgain.get(credential.credentialId)?.contentHash).toBe(credential.contentHash)
}

/** Hand edits of a credkit Secret, each as a client other than credkit's apply makes it. */
const edits: Record<string, (name: string) => Promise<unknown>> = {
  'a merge patch of a data key (kubectl patch)': (name) =>
    kube.fx.reader.core.patchNamespacedSecret(
      { name, namespace: kube.ns, body: { data: { 'tls.key': b64('hand-written key') } } },
      mergePatch,
    ),
  'a stringData patch': (name) =>
    kube.fx.reader.core.patchNamespacedSecret(
      { name, namespace: kube.ns, body: { stringData: { 'tls.crt': 'hand-written cert' } } },
      mergePatch,
    ),
  'a server-side apply by another field manager': (name) =>
    kube.fx.reader.core.patchNamespacedSecret(
      {
        name,
        namespace: kube.ns,
        fieldManager: 'kubectl',
        force: true,
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name },
          data: { 'tls.crt': b64('other cert') },
        },
      },
      serverSideApply,
    ),
  'an update (PUT: kubectl edit or replace)': async (name) => {
    const live = await kube.fx.reader.core.readNamespacedSecret({ name, namespace: kube.ns })
    return kube.fx.reader.core.replaceNamespacedSecret({
      name,
      namespace: kube.ns,
      body: { ...live, data: { ...live.data, 'ca.crt': b64('other ca') } },
    })
  },
  'a data key removed': (name) =>
    kube.fx.reader.core.patchNamespacedSecret(
      { name, namespace: kube.ns, body: { data: { 'ca.crt': null } } },
      mergePatch,
    ),
  'a data key added': (name) =>
    kube.fx.reader.core.patchNamespacedSecret(
      { name, namespace: kube.ns, body: { data: { extra: b64('x') } } },
      mergePatch,
    ),
  "a patch sent under credkit's manager name (an Update, not credkit's apply)": (name) =>
    kube.fx.reader.core.patchNamespacedSecret(
      { name, namespace: kube.ns, fieldManager: 'credkit', body: { data: { 'tls.key': b64('same name') } } },
      mergePatch,
    ),
}

describeKube(env)('drift from managedFields', () => {
  it.each(Object.keys(edits))('reports %s as drift in observe and scan, and apply heals it', async (edit) => {
    const { credential, name } = await appliedTls()
    await edits[edit]!(name)
    await expectDriftedThenHealed(credential)
    const healed = await kube.fx.reader.secret(kube.ns, name)
    expect(Object.keys(healed?.data ?? {}).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key'])
    expect(healed?.metadata?.managedFields?.map((f) => `${f.manager}/${f.operation}`)).toEqual([
      'credkit/Apply',
    ])
  })

  it("does not count another manager's apply of credkit's own values, nor fields the server defaulted", async () => {
    const { credential, name } = await appliedTls()
    const live = await kube.fx.reader.core.readNamespacedSecret({ name, namespace: kube.ns })
    await kube.fx.reader.core.patchNamespacedSecret(
      {
        name,
        namespace: kube.ns,
        fieldManager: 'gitops',
        body: { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: live.type, data: live.data },
      },
      serverSideApply,
    )
    expect((await kube.fx.regions.observe(REGION, credential))?.contentHash).toBe(credential.contentHash)

    // The Issuer's `renewalInformationSource` is a server default that belongs to no manager.
    const acme = (await everyType(credential.accountId)).credentials.find((c) => c.type === 'acme-wildcard')!
    await kube.fx.regions.apply(REGION, acme)
    const issuer = await kube.fx.reader.resource(kube.ns, 'issuers', `credkit-${acme.credentialId}`)
    expect(issuer?.['spec']).toMatchObject({ acme: { renewalInformationSource: 'ARI' } })
    expect((await kube.fx.regions.observe(REGION, acme))?.contentHash).toBe(acme.contentHash)
  })

  it('reports a Certificate or Issuer spec edited, emptied or extended by hand, and apply heals it', async () => {
    const acme = (await everyType(testId('acct'))).credentials.find((c) => c.type === 'acme-wildcard')!
    await kube.fx.regions.apply(REGION, acme)
    const name = `credkit-${acme.credentialId}`
    const cm = { group: 'cert-manager.io', version: 'v1', namespace: kube.ns, name }
    await kube.fx.reader.custom.patchNamespacedCustomObject(
      { ...cm, plural: 'certificates', body: { spec: { dnsNames: ['evil.example.com'] } } },
      mergePatch,
    )
    await expectDriftedThenHealed(acme)
    expect((await kube.fx.reader.resource(kube.ns, 'certificates', name))?.['spec']).toMatchObject({
      dnsNames: ['*.example.com', 'example.com'],
    })

    await kube.fx.reader.custom.patchNamespacedCustomObject(
      { ...cm, plural: 'issuers', body: { spec: { acme: { server: 'https://acme.evil.example/dir' } } } },
      mergePatch,
    )
    await expectDriftedThenHealed(acme)

    // Removals leave no other manager behind: credkit's entry and the object lose the field alike.
    await kube.fx.reader.custom.patchNamespacedCustomObject(
      { ...cm, plural: 'certificates', body: { spec: { dnsNames: null } } },
      mergePatch,
    )
    await expectDriftedThenHealed(acme)
    await kube.fx.reader.custom.patchNamespacedCustomObject(
      { ...cm, plural: 'issuers', body: { spec: { acme: { solvers: null } } } },
      mergePatch,
    )
    await expectDriftedThenHealed(acme)

    // A field added by hand is removed by the heal (a forced apply alone would leave it).
    await kube.fx.reader.custom.patchNamespacedCustomObject(
      { ...cm, plural: 'certificates', body: { spec: { duration: '2h0m0s' } } },
      mergePatch,
    )
    await expectDriftedThenHealed(acme)
    expect((await kube.fx.reader.resource(kube.ns, 'certificates', name))?.['spec']).not.toHaveProperty(
      'duration',
    )
  })

  it('re-applies a Secret an earlier credkit wrote with a data digest annotation, dropping the digest', async () => {
    const { credential, name } = await appliedTls()
    const live = await kube.fx.reader.core.readNamespacedSecret({ name, namespace: kube.ns })
    const { 'credkit.dev/data-keys': _keys, ...annotations } = live.metadata?.annotations ?? {}
    // What the earlier credkit applied: the same data, a keyed digest instead of the key names.
    await kube.fx.reader.core.patchNamespacedSecret(
      {
        name,
        namespace: kube.ns,
        fieldManager: 'credkit',
        force: true,
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name,
            labels: live.metadata?.labels,
            annotations: { ...annotations, 'credkit.dev/data-digest': 'f'.repeat(64) },
          },
          type: live.type,
          data: live.data,
        },
      },
      serverSideApply,
    )
    await expectDriftedThenHealed(credential)
    const healed = await kube.fx.reader.secret(kube.ns, name)
    expect(healed?.metadata?.annotations).not.toHaveProperty('credkit.dev/data-digest')
    expect(healed?.metadata?.annotations).toHaveProperty('credkit.dev/data-keys', 'ca.crt,tls.crt,tls.key')
  })

  it('annotates ids, version, content hash and data key names only: no digest of the data', async () => {
    const { credential, name } = await appliedTls()
    const live = await kube.fx.reader.secret(kube.ns, name)
    expect(live?.metadata?.annotations).toEqual({
      'credkit.dev/version': '1',
      'credkit.dev/content-hash': credential.contentHash,
      'credkit.dev/account-id': credential.accountId,
      'credkit.dev/credential-id': credential.credentialId,
      'credkit.dev/data-keys': 'ca.crt,tls.crt,tls.key',
    })
  })
})
