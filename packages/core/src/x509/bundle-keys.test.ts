import {
  convertKey,
  encryptKey,
  makeCsr,
  makeSelfSigned,
  type TestCertificate,
  type TestKeyType,
} from '@credkit/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCertificateBundle } from './bundle.js'
import { type CertificateBundleResult, certificateIssues } from './bundle-result.js'
import { writePem } from './pem.js'

const KEY_TYPES: Array<[TestKeyType, string]> = [
  ['rsa-2048', 'RSA-2048'],
  ['ecdsa-p256', 'ECDSA-P256'],
  ['ecdsa-p384', 'ECDSA-P384'],
  ['ed25519', 'Ed25519'],
]

const certs = new Map<TestKeyType, TestCertificate>()
let csr: string

beforeAll(async () => {
  for (const [keyType] of KEY_TYPES) {
    certs.set(
      keyType,
      await makeSelfSigned({
        keyType,
        commonName: 'www.example.com',
        altNames: ['www.example.com', '*.example.com', '192.0.2.7'],
      }),
    )
  }
  csr = await makeCsr()
})

const cert = (keyType: TestKeyType): TestCertificate => certs.get(keyType)!

/** The problem of a failed result, after checking its message does not echo the input. */
function problemOf(result: CertificateBundleResult, ...inputs: string[]): string {
  if (result.ok) return 'ok'
  for (const input of inputs) {
    for (const line of input.split('\n')) {
      if (line.length >= 16 && !line.startsWith('-----')) expect(result.message).not.toContain(line)
    }
  }
  return result.problem
}

describe('parseCertificateBundle keys', () => {
  it.each(KEY_TYPES)('accepts a %s certificate and its PKCS#8 key', (keyType, algorithm) => {
    const { certificatePem, privateKeyPem } = cert(keyType)
    const result = parseCertificateBundle({ certificate: certificatePem, privateKey: privateKeyPem })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.metadata).toMatchObject({
      commonName: 'www.example.com',
      altNames: ['www.example.com', '*.example.com', '192.0.2.7'],
      keyAlgorithm: algorithm,
      issuer: 'CN=www.example.com, O=credkit tests',
    })
    expect(result.hostNames).toEqual(['www.example.com', '*.example.com'])
    expect(result.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(result.chainPem).toBeNull()
    expect(certificateIssues(result)).toEqual([])
  })

  it.each([
    ['rsa-2048', 'pkcs1', 'RSA PRIVATE KEY'],
    ['ecdsa-p256', 'sec1', 'EC PRIVATE KEY'],
    ['ecdsa-p384', 'sec1', 'EC PRIVATE KEY'],
  ] as const)('accepts a %s key converted to %s and returns it as PKCS#8', (keyType, format, label) => {
    const { certificatePem, privateKeyPem } = cert(keyType)
    const converted = convertKey(privateKeyPem, format)
    expect(converted).toContain(`BEGIN ${label}`)
    const result = parseCertificateBundle({ certificate: certificatePem, privateKey: converted })
    expect(result.ok && result.privateKeyPem.replace(/\s/g, '')).toBe(privateKeyPem.replace(/\s/g, ''))
  })

  it('accepts an SEC1 key preceded by its EC PARAMETERS block', () => {
    const { certificatePem, privateKeyPem } = cert('ecdsa-p256')
    const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n'
    const result = parseCertificateBundle({
      certificate: certificatePem,
      privateKey: params + convertKey(privateKeyPem, 'sec1'),
    })
    expect(result.ok).toBe(true)
  })

  it.each([
    ['PKCS#8', 'pkcs8'],
    ['legacy PKCS#1 (Proc-Type)', 'pkcs1'],
  ] as const)('refuses an encrypted %s key', (_, type) => {
    const { certificatePem, privateKeyPem } = cert('rsa-2048')
    const encrypted = encryptKey(privateKeyPem, 'correct horse', type)
    const result = parseCertificateBundle({ certificate: certificatePem, privateKey: encrypted })
    expect(problemOf(result, encrypted)).toBe('encrypted-key')
    expect(certificateIssues(result)).toEqual([
      { path: ['data', 'privateKey'], message: expect.stringMatching(/^privateKey is encrypted/) },
    ])
  })

  it.each(KEY_TYPES)('refuses a %s certificate with another key', (keyType) => {
    const other = keyType === 'ed25519' ? 'ecdsa-p256' : 'ed25519'
    const result = parseCertificateBundle({
      certificate: cert(keyType).certificatePem,
      privateKey: cert(other).privateKeyPem,
    })
    expect(problemOf(result, cert(other).privateKeyPem)).toBe('key-mismatch')
  })

  it('refuses a different key of the same type', async () => {
    const other = await makeSelfSigned({ keyType: 'ecdsa-p256' })
    const result = parseCertificateBundle({
      certificate: cert('ecdsa-p256').certificatePem,
      privateKey: other.privateKeyPem,
    })
    expect(problemOf(result)).toBe('key-mismatch')
    expect(!result.ok && result.field).toBe('privateKey')
  })

  it('refuses an RSA key under 2048 bits', async () => {
    const weak = await makeSelfSigned({ keyType: 'rsa-1024' })
    const result = parseCertificateBundle({
      certificate: weak.certificatePem,
      privateKey: weak.privateKeyPem,
    })
    expect(problemOf(result)).toBe('unsupported-key')
    expect(!result.ok && result.message).toContain('RSA-1024')
  })

  it('refuses boxes holding the wrong thing', () => {
    const { certificatePem, privateKeyPem } = cert('ecdsa-p256')
    const cases: Array<[{ certificate: string; privateKey: string; chain?: string }, string, string]> = [
      [{ certificate: privateKeyPem, privateKey: privateKeyPem }, 'certificate', 'not-a-certificate'],
      [{ certificate: csr, privateKey: privateKeyPem }, 'certificate', 'not-a-certificate'],
      [{ certificate: certificatePem, privateKey: certificatePem }, 'privateKey', 'not-a-private-key'],
      [{ certificate: certificatePem, privateKey: csr }, 'privateKey', 'not-a-private-key'],
      [
        { certificate: certificatePem, privateKey: privateKeyPem + privateKeyPem },
        'privateKey',
        'multiple-keys',
      ],
      [
        { certificate: certificatePem, privateKey: privateKeyPem + certificatePem },
        'privateKey',
        'not-a-private-key',
      ],
      [
        { certificate: certificatePem, privateKey: privateKeyPem, chain: privateKeyPem },
        'chain',
        'not-a-certificate',
      ],
      [{ certificate: certificatePem, privateKey: '' }, 'privateKey', 'malformed-pem'],
      [{ certificate: '   ', privateKey: privateKeyPem }, 'certificate', 'malformed-pem'],
    ]
    for (const [input, field, problem] of cases) {
      const result = parseCertificateBundle(input)
      expect([!result.ok && result.field, problemOf(result, privateKeyPem, certificatePem, csr)]).toEqual([
        field,
        problem,
      ])
    }
  })

  it('refuses a CSR in the certificate box with a message naming it', () => {
    const result = parseCertificateBundle({ certificate: csr, privateKey: cert('ed25519').privateKeyPem })
    expect(!result.ok && result.message).toBe(
      'certificate holds a certificate signing request (CSR), not a certificate',
    )
  })

  it('refuses DER bytes, truncated base64, trailing bytes and key formats it cannot read', () => {
    const { certificatePem, privateKeyPem } = cert('ecdsa-p256')
    const derBytes = Buffer.from(certificatePem.split('\n').slice(1, -2).join(''), 'base64')
    const der = derBytes.toString('latin1')
    const cases: Array<[string, string, string]> = [
      [der, privateKeyPem, 'malformed-pem'],
      [certificatePem.slice(0, certificatePem.length / 2), privateKeyPem, 'malformed-pem'],
      [
        certificatePem.replace(/\n[A-Za-z0-9+/=]+\n-----END/, '\n-----END'),
        privateKeyPem,
        'not-a-certificate',
      ],
      [
        writePem('CERTIFICATE', Buffer.concat([derBytes, Buffer.from([0, 0])])),
        privateKeyPem,
        'not-a-certificate',
      ],
      [
        certificatePem,
        '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
        'unsupported-key',
      ],
      [certificatePem, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'not-a-private-key'],
      [
        certificatePem,
        '-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----',
        'not-a-private-key',
      ],
    ]
    for (const [certificate, privateKey, problem] of cases) {
      expect(problemOf(parseCertificateBundle({ certificate, privateKey }), certificate)).toBe(problem)
    }
  })
})
