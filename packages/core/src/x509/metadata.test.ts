import { makeChain } from '@credkit/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCertificateMetadata } from './metadata.js'

let chain: Awaited<ReturnType<typeof makeChain>>

beforeAll(async () => {
  chain = await makeChain({
    keyType: 'ed25519',
    commonName: '*.example.com',
    altNames: ['*.example.com', 'example.com'],
  })
})

describe('parseCertificateMetadata', () => {
  it('reads the leaf of a tls.crt-style bundle', () => {
    const metadata = parseCertificateMetadata(chain.leaf.certificatePem + chain.chainPem)
    expect(metadata).toMatchObject({
      commonName: '*.example.com',
      altNames: ['*.example.com', 'example.com'],
      issuer: chain.intermediate.certificate.subject,
      keyAlgorithm: 'Ed25519',
    })
  })

  it.each([
    '',
    'not pem',
    '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
    '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
  ])('returns null for %j', (pem) => {
    expect(parseCertificateMetadata(pem)).toBeNull()
  })

  it('returns null for non-strings', () => {
    expect(parseCertificateMetadata(42 as unknown as string)).toBeNull()
  })
})
