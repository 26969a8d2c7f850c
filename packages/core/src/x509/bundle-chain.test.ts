import { X509Certificate } from 'node:crypto'
import { makeChain, makeSelfSigned, type TestCertificate } from '@credkit/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCertificateBundle } from './bundle.js'

type Chain = Awaited<ReturnType<typeof makeChain>>
let chain: Chain
let rsaChain: Chain

beforeAll(async () => {
  chain = await makeChain({ commonName: 'api.example.com', altNames: ['api.example.com'] })
  rsaChain = await makeChain({ keyType: 'rsa-2048', commonName: 'shop.example.com' })
})

const bundle = (leaf: TestCertificate, chainPem?: string | null) => ({
  certificate: leaf.certificatePem,
  privateKey: leaf.privateKeyPem,
  chain: chainPem,
})

describe('parseCertificateBundle chains', () => {
  it.each(['ecdsa', 'rsa'])('accepts a %s root → intermediate → leaf chain in order', (kind) => {
    const { leaf, intermediate, chainPem } = kind === 'rsa' ? rsaChain : chain
    const result = parseCertificateBundle(bundle(leaf, chainPem))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.metadata.issuer).toBe(intermediate.certificate.subject)
    expect(result.chainPem).toBe(chainPem)
  })

  it('accepts a chain holding only the intermediate', () => {
    expect(parseCertificateBundle(bundle(chain.leaf, chain.intermediate.certificatePem)).ok).toBe(true)
  })

  it('treats an empty chain box as no chain', () => {
    const result = parseCertificateBundle(bundle(chain.leaf, '  \n'))
    expect(result.ok && result.chainPem).toBeNull()
  })

  it('refuses a chain out of order', () => {
    const reversed = chain.root.certificatePem + chain.intermediate.certificatePem
    const result = parseCertificateBundle(bundle(chain.leaf, reversed))
    expect(result).toMatchObject({ ok: false, field: 'chain', problem: 'chain-out-of-order' })
  })

  it('refuses a chain whose second link is broken', () => {
    const wrong = chain.intermediate.certificatePem + rsaChain.root.certificatePem
    const result = parseCertificateBundle(bundle(chain.leaf, wrong))
    expect(result).toMatchObject({ ok: false, problem: 'chain-out-of-order' })
    expect(!result.ok && result.message).toContain('certificate 1 of the chain')
  })

  it('refuses an issuer with the same name but another key (signature check)', async () => {
    const impostor = await makeSelfSigned({ commonName: 'credkit Test Intermediate CA' })
    const result = parseCertificateBundle(bundle(chain.leaf, impostor.certificatePem))
    expect(result).toMatchObject({ ok: false, problem: 'chain-out-of-order' })
  })

  it('takes extra certificates in the certificate box as the chain (fullchain.pem)', () => {
    const result = parseCertificateBundle({
      certificate: chain.leaf.certificatePem + chain.chainPem,
      privateKey: chain.leaf.privateKeyPem,
    })
    expect(result.ok && result.certificatePem).toBe(chain.leaf.certificatePem)
    expect(result.ok && result.chainPem).toBe(chain.chainPem)
  })

  it('refuses extra certificates in the certificate box when the chain box is filled too', () => {
    const result = parseCertificateBundle({
      certificate: chain.leaf.certificatePem + chain.chainPem,
      privateKey: chain.leaf.privateKeyPem,
      chain: chain.chainPem,
    })
    expect(result).toMatchObject({ ok: false, field: 'certificate', problem: 'multiple-certificates' })
  })

  it('normalises PEM whitespace and line endings', () => {
    const messy = `\r\n  ${chain.leaf.certificatePem.replace(/\n/g, '\r\n').replace(/([A-Za-z0-9+/=]{64})/g, '$1 ')}  `
    const result = parseCertificateBundle({ certificate: messy, privateKey: chain.leaf.privateKeyPem })
    expect(result.ok && result.certificatePem).toBe(chain.leaf.certificatePem)
  })
})

describe('parseCertificateBundle validity and metadata', () => {
  const DAY = 86_400_000

  it('refuses an expired certificate', async () => {
    const old = await makeSelfSigned({ notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') })
    const result = parseCertificateBundle(bundle(old))
    expect(result).toMatchObject({ ok: false, field: 'certificate', problem: 'expired' })
    expect(!result.ok && result.message).toBe('certificate expired on 2021-01-01T00:00:00.000Z')
  })

  it('refuses a certificate that is not valid yet', async () => {
    const future = await makeSelfSigned({
      notBefore: new Date(Date.now() + 10 * DAY),
      notAfter: new Date(Date.now() + 20 * DAY),
    })
    expect(parseCertificateBundle(bundle(future))).toMatchObject({ ok: false, problem: 'not-yet-valid' })
    expect(parseCertificateBundle(bundle(future), { now: new Date(Date.now() + 15 * DAY) }).ok).toBe(true)
  })

  it('checks the window against the given now', async () => {
    const old = await makeSelfSigned({ notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') })
    expect(parseCertificateBundle(bundle(old), { now: new Date('2020-06-01') }).ok).toBe(true)
  })

  it('reports metadata the way OpenSSL sees the certificate', () => {
    const result = parseCertificateBundle(bundle(chain.leaf, chain.chainPem))
    const node = new X509Certificate(chain.leaf.certificatePem)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.metadata.fingerprintSha256).toBe(node.fingerprint256.replace(/:/g, '').toLowerCase())
    expect(result.metadata.serialNumber).toBe(node.serialNumber.toLowerCase())
    expect(result.metadata.notAfter).toBe(chain.leaf.certificate.notAfter.toISOString())
    expect(result.metadata.commonName).toBe('api.example.com')
  })

  it('reports a null common name when the subject has none', async () => {
    const noCn = await makeSelfSigned({ commonName: null, altNames: ['example.org'] })
    const result = parseCertificateBundle(bundle(noCn))
    expect(result.ok && result.metadata.commonName).toBeNull()
    expect(result.ok && result.hostNames).toEqual(['example.org'])
  })
})
