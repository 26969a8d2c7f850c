import { X509Certificate } from 'node:crypto'
import { type MaterializedCredential, secret } from '@credkit/core'
import { testId } from '@credkit/testing'
import bcrypt from 'bcryptjs'
import { expect, inject, it } from 'vitest'
import { createKubernetesRegions } from '../src/index.js'
import { issueCertificate } from './envtest/certs.js'
import { ACME_SERVER, describeKube, regionsPerTest } from './fixture.js'

const env = inject('kube')
const REGION = 'kube-a'

const kube = regionsPerTest(env, REGION)

const base = (type: MaterializedCredential['type'], hash = 'a') => ({
  accountId: testId('acct'),
  credentialId: testId('cred'),
  type,
  version: 1,
  contentHash: hash.padEnd(64, '0'),
})

function registry(server: string, email: string | null, password = 's3cret-pw'): MaterializedCredential {
  return {
    ...base('container-registry'),
    type: 'container-registry',
    payload: { server, email, username: 'robot', password: secret(password) },
  }
}

const decode = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8')

describeKube(env)('materialisation on kube-apiserver', () => {
  it('writes a registry as kubernetes.io/dockerconfigjson with auth, Docker Hub under its v1 key', async () => {
    const hub = registry('docker.io', 'ops@example.com')
    const own = registry('registry.example.com:5000', null)
    for (const credential of [hub, own]) await kube.fx.regions.apply(REGION, credential)
    const hubSecret = await kube.fx.reader.secret(kube.ns, `credkit-${hub.credentialId}`)
    expect(hubSecret?.type).toBe('kubernetes.io/dockerconfigjson')
    expect(JSON.parse(decode(hubSecret?.data?.['.dockerconfigjson']))).toEqual({
      auths: {
        'https://index.docker.io/v1/': {
          username: 'robot',
          password: 's3cret-pw',
          email: 'ops@example.com',
          auth: Buffer.from('robot:s3cret-pw').toString('base64'),
        },
      },
    })
    const ownConfig = JSON.parse(
      decode(
        (await kube.fx.reader.secret(kube.ns, `credkit-${own.credentialId}`))?.data?.['.dockerconfigjson'],
      ),
    )
    expect(Object.keys(ownConfig.auths)).toEqual(['registry.example.com:5000'])
    expect(ownConfig.auths['registry.example.com:5000']).not.toHaveProperty('email')
    expect(decode(ownConfig.auths['registry.example.com:5000'].auth)).toBe('robot:s3cret-pw')
  })

  it('writes basic-auth as one bcrypt htpasswd line that verifies and stays byte-stable per version', async () => {
    const credential: MaterializedCredential = {
      ...base('basic-auth'),
      type: 'basic-auth',
      payload: { username: 'staging', password: secret('open sesame') },
    }
    await kube.fx.regions.apply(REGION, credential)
    const first = await kube.fx.reader.secret(kube.ns, `credkit-${credential.credentialId}`)
    expect(first?.type).toBe('Opaque')
    expect(Object.keys(first?.data ?? {})).toEqual(['auth'])
    const line = decode(first?.data?.['auth'])
    expect(line).toMatch(/^staging:\$2y\$10\$[./A-Za-z0-9]{53}$/)
    expect(bcrypt.compareSync('open sesame', line.slice('staging:'.length))).toBe(true)
    expect(bcrypt.compareSync('open sesam', line.slice('staging:'.length))).toBe(false)

    // A second adapter (a restarted backend) computes the same line: nothing is written.
    const restarted = createKubernetesRegions({
      clusters: { [REGION]: kube.fx.kc },
      namespace: () => kube.ns,
    })
    await restarted.apply(REGION, { ...credential })
    const again = await kube.fx.reader.secret(kube.ns, `credkit-${credential.credentialId}`)
    expect(again?.metadata?.resourceVersion).toBe(first?.metadata?.resourceVersion)

    // A new password is a new version with a new content hash: a new line with a new salt.
    await kube.fx.regions.apply(REGION, {
      ...credential,
      version: 2,
      contentHash: 'b'.padEnd(64, '0'),
      payload: { username: 'staging', password: secret('new sesame') },
    })
    const changed = decode(
      (await kube.fx.reader.secret(kube.ns, `credkit-${credential.credentialId}`))?.data?.['auth'],
    )
    expect(changed.slice(0, 37)).not.toBe(line.slice(0, 37))
    expect(bcrypt.compareSync('new sesame', changed.slice('staging:'.length))).toBe(true)
  })

  it('writes TLS as kubernetes.io/tls with leaf then chain, the matching key and ca.crt', async () => {
    const root = await issueCertificate({ commonName: 'credkit test root', ca: true })
    const leaf = await issueCertificate({
      commonName: 'app.example.com',
      altNames: ['app.example.com'],
      issuer: root,
    })
    const credential: MaterializedCredential = {
      ...base('tls-certificate'),
      type: 'tls-certificate',
      payload: {
        certificate: leaf.certificatePem,
        chain: root.certificatePem,
        privateKey: secret(leaf.privateKeyPem),
      },
    }
    await kube.fx.regions.apply(REGION, credential)
    const stored = await kube.fx.reader.secret(kube.ns, `credkit-${credential.credentialId}`)
    expect(stored?.type).toBe('kubernetes.io/tls')
    const crt = decode(stored?.data?.['tls.crt'])
    expect(crt).toBe(leaf.certificatePem + root.certificatePem)
    const parsed = new X509Certificate(crt)
    expect(parsed.subject).toContain('CN=app.example.com')
    const { createPrivateKey } = await import('node:crypto')
    expect(parsed.checkPrivateKey(createPrivateKey(decode(stored?.data?.['tls.key'])))).toBe(true)
    expect(decode(stored?.data?.['ca.crt'])).toBe(root.certificatePem)

    const noChain: MaterializedCredential = {
      ...credential,
      credentialId: testId('cred'),
      payload: { ...credential.payload, chain: null },
    }
    await kube.fx.regions.apply(REGION, noChain)
    const plain = await kube.fx.reader.secret(kube.ns, `credkit-${noChain.credentialId}`)
    expect(Object.keys(plain?.data ?? {}).sort()).toEqual(['tls.crt', 'tls.key'])
  })

  it('writes ACME as a provider Secret, an Issuer with one DNS-01 solver and a Certificate, and reads issuance', async () => {
    const credential: MaterializedCredential = {
      ...base('acme-wildcard'),
      type: 'acme-wildcard',
      payload: {
        provider: 'route53',
        commonName: '*.example.com',
        altNames: ['example.com'],
        email: null,
        providerConfig: secret({
          region: 'eu-west-1',
          accessKeyID: 'AKIAEXAMPLE',
          secretAccessKey: 'aws-secret',
        }),
      },
    }
    const applied = await kube.fx.regions.apply(REGION, credential)
    expect(applied.issuance).toEqual({ state: 'pending' })
    const name = `credkit-${credential.credentialId}`
    const providerSecret = await kube.fx.reader.secret(kube.ns, `${name}-dns`)
    expect(decode(providerSecret?.data?.['secret-access-key'])).toBe('aws-secret')
    expect(decode(providerSecret?.data?.['access-key-id'])).toBe('AKIAEXAMPLE')
    const issuer = await kube.fx.reader.resource(kube.ns, 'issuers', name)
    expect(issuer?.['spec']).toMatchObject({
      acme: {
        server: ACME_SERVER,
        email: 'ops@example.com',
        privateKeySecretRef: { name: `${name}-acme-account` },
        solvers: [
          {
            dns01: {
              route53: {
                region: 'eu-west-1',
                accessKeyIDSecretRef: { name: `${name}-dns`, key: 'access-key-id' },
                secretAccessKeySecretRef: { name: `${name}-dns`, key: 'secret-access-key' },
              },
            },
          },
        ],
      },
    })
    const certificate = await kube.fx.reader.resource(kube.ns, 'certificates', name)
    expect(certificate?.['spec']).toEqual({
      secretName: `${name}-tls`,
      dnsNames: ['*.example.com', 'example.com'],
      issuerRef: { name, kind: 'Issuer', group: 'cert-manager.io' },
    })

    // cert-manager is not running: write what it would, the issued Secret and the Ready status.
    const ca = await issueCertificate({ commonName: 'fake ACME CA', ca: true })
    const issued = await issueCertificate({
      commonName: '*.example.com',
      altNames: ['*.example.com', 'example.com'],
      issuer: ca,
    })
    await kube.fx.reader.core.createNamespacedSecret({
      namespace: kube.ns,
      body: {
        metadata: { name: `${name}-tls` },
        type: 'kubernetes.io/tls',
        stringData: { 'tls.crt': issued.certificatePem, 'tls.key': issued.privateKeyPem },
      },
    })
    const notAfter = issued.certificate.notAfter.toISOString().replace(/\.\d{3}Z$/, 'Z')
    await kube.fx.reader.custom.patchNamespacedCustomObjectStatus(
      {
        group: 'cert-manager.io',
        version: 'v1',
        plural: 'certificates',
        namespace: kube.ns,
        name,
        body: {
          status: {
            conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'ok' }],
            notAfter,
          },
        },
      },
      (await import('@kubernetes/client-node')).setHeaderOptions(
        'Content-Type',
        'application/merge-patch+json',
      ),
    )
    const observed = await kube.fx.regions.observe(REGION, credential)
    expect(observed?.issuance).toMatchObject({
      state: 'issued',
      certificate: { commonName: '*.example.com', altNames: ['*.example.com', 'example.com'] },
    })
    expect(observed?.contentHash).toBe(credential.contentHash)
  })

  it('labels and annotates every object by id, with no secret and no display name', async () => {
    const credential = registry('ghcr.io', null, 'label-leak-check')
    await kube.fx.regions.apply(REGION, credential)
    const stored = await kube.fx.reader.secret(kube.ns, `credkit-${credential.credentialId}`)
    expect(stored?.metadata?.labels).toEqual({
      'app.kubernetes.io/managed-by': 'credkit',
      'credkit.dev/account': credential.accountId,
      'credkit.dev/credential': credential.credentialId,
      'credkit.dev/type': 'container-registry',
    })
    expect(stored?.metadata?.annotations).toMatchObject({
      'credkit.dev/version': '1',
      'credkit.dev/content-hash': credential.contentHash,
    })
    const metadata = JSON.stringify({
      labels: stored?.metadata?.labels,
      annotations: stored?.metadata?.annotations,
    })
    for (const leak of ['label-leak-check', Buffer.from('robot:label-leak-check').toString('base64')]) {
      expect(metadata).not.toContain(leak)
    }
    expect(stored?.metadata?.managedFields?.map((f) => `${f.manager}/${f.operation}`)).toEqual([
      'credkit/Apply',
    ])
  })

  it('deletes and recreates a Secret whose type must change', async () => {
    const credential = registry('ghcr.io', null)
    await kube.fx.regions.apply(REGION, credential)
    const before = await kube.fx.reader.secret(kube.ns, `credkit-${credential.credentialId}`)
    const asBasic: MaterializedCredential = {
      ...credential,
      type: 'basic-auth',
      version: 2,
      contentHash: 'c'.padEnd(64, '0'),
      payload: { username: 'u', password: secret('p') },
    }
    await kube.fx.regions.apply(REGION, asBasic)
    const after = await kube.fx.reader.secret(kube.ns, `credkit-${credential.credentialId}`)
    expect(after?.type).toBe('Opaque')
    expect(after?.metadata?.uid).not.toBe(before?.metadata?.uid)
  })

  it('leaves resourceVersion unchanged on a re-apply and writes nothing on a no-op resync of 100 credentials', async () => {
    const credentials = Array.from({ length: 100 }, (_, i) => registry(`r${i}.example.com`, null, `pw-${i}`))
    const accountId = credentials[0]!.accountId
    const all = credentials.map((c) => ({ ...c, accountId }))
    for (const credential of all) await kube.fx.regions.apply(REGION, credential)
    const latest = await kube.fx.reader.latestWrite(kube.ns)
    const versions = (await kube.fx.reader.core.listNamespacedSecret({ namespace: kube.ns })).items.map(
      (s) => s.metadata?.resourceVersion,
    )
    for (const credential of all) await kube.fx.regions.apply(REGION, { ...credential })
    expect(await kube.fx.reader.latestWrite(kube.ns)).toBe(latest)
    const again = (await kube.fx.reader.core.listNamespacedSecret({ namespace: kube.ns })).items.map(
      (s) => s.metadata?.resourceVersion,
    )
    expect(again).toEqual(versions)
    expect((await kube.fx.regions.scan(REGION, accountId)).size).toBe(100)
  })

  it('prunes credkit objects of credentials the store no longer knows, and nothing else', async () => {
    const kept = registry('a.example.com', null)
    const gone = { ...registry('b.example.com', null), accountId: kept.accountId }
    for (const credential of [kept, gone]) await kube.fx.regions.apply(REGION, credential)
    await kube.fx.reader.core.createNamespacedSecret({
      namespace: kube.ns,
      body: { metadata: { name: 'not-credkit' }, stringData: { a: 'b' } },
    })
    expect(await kube.fx.regions.prune(REGION, kept.accountId, [kept.credentialId])).toEqual([
      gone.credentialId,
    ])
    expect(await kube.fx.regions.observe(REGION, gone)).toBeNull()
    expect(await kube.fx.regions.observe(REGION, kept)).toMatchObject({ contentHash: kept.contentHash })
    expect(await kube.fx.reader.secret(kube.ns, 'not-credkit')).not.toBeNull()
  })
})
