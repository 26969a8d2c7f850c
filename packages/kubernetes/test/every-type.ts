import { randomBytes } from 'node:crypto'
import { type MaterializedCredential, secret } from '@credkit/core'
import { testId } from '@credkit/testing'
import { type IssuedCertificate, issueCertificate } from './envtest/certs.js'

/** Credentials of every type (ACME with every provider that has secret values), and those values. */
export interface Samples {
  readonly credentials: MaterializedCredential[]
  /** Every secret value the credentials hold, as given to credkit. */
  readonly secrets: string[]
}

let pki: Promise<{ root: IssuedCertificate; leaf: IssuedCertificate }> | null = null

/** One CA and leaf for every TLS sample (key generation is the slow part). */
function testPki() {
  pki ??= (async () => {
    const root = await issueCertificate({ commonName: 'credkit sample root', ca: true })
    const leaf = await issueCertificate({
      commonName: 'app.example.com',
      altNames: ['app.example.com'],
      issuer: root,
    })
    return { root, leaf }
  })()
  return pki
}

const unique = (label: string) => `${label}-${randomBytes(9).toString('hex')}`

/** Seven credentials: registry, basic-auth, TLS with a chain, ACME on cloudflare, route53, azure-dns and cloud-dns. */
export async function everyType(accountId: string): Promise<Samples> {
  const { root, leaf } = await testPki()
  const secrets: string[] = []
  const hide = (label: string) => {
    const value = unique(label)
    secrets.push(value)
    return value
  }
  const base = (type: MaterializedCredential['type']) => ({
    accountId,
    credentialId: testId('cred'),
    type,
    version: 1,
    contentHash: randomBytes(32).toString('hex'),
  })
  const acme = (provider: string, providerConfig: Record<string, unknown>): MaterializedCredential => ({
    ...base('acme-wildcard'),
    type: 'acme-wildcard',
    payload: {
      provider,
      commonName: '*.example.com',
      altNames: ['example.com'],
      email: null,
      providerConfig: secret(providerConfig),
    },
  })
  const credentials: MaterializedCredential[] = [
    {
      ...base('container-registry'),
      type: 'container-registry',
      payload: { server: 'ghcr.io', email: null, username: 'robot', password: secret(hide('registry-pw')) },
    },
    {
      ...base('basic-auth'),
      type: 'basic-auth',
      payload: { username: 'staging', password: secret(hide('basic-pw')) },
    },
    {
      ...base('tls-certificate'),
      type: 'tls-certificate',
      payload: {
        certificate: leaf.certificatePem,
        chain: root.certificatePem,
        privateKey: secret(leaf.privateKeyPem),
      },
    },
    acme('cloudflare', { apiToken: hide('cf-token') }),
    acme('route53', { region: 'eu-west-1', accessKeyID: hide('AKIA'), secretAccessKey: hide('aws-secret') }),
    acme('azure-dns', {
      subscriptionID: 'sub',
      resourceGroupName: 'rg',
      hostedZoneName: 'example.com',
      tenantID: 'tenant',
      clientID: 'client',
      clientSecret: hide('azure-secret'),
    }),
    acme('cloud-dns', {
      project: 'proj',
      serviceAccount: { type: 'service_account', private_key: hide('gcp-private-key') },
    }),
  ]
  return { credentials, secrets: [...secrets, leaf.privateKeyPem] }
}
