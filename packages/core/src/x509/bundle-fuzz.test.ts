import { makeSelfSigned, type TestCertificate } from '@credkit/testing'
import { fc, test } from '@fast-check/vitest'
import { beforeAll, describe, expect } from 'vitest'
import { parseCertificateBundle } from './bundle.js'
import { writePem } from './pem.js'

let valid: TestCertificate

beforeAll(async () => {
  valid = await makeSelfSigned()
})

const LABELS = [
  'CERTIFICATE',
  'PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'X',
]
const latin1 = fc.uint8Array({ maxLength: 1500 }).map((bytes) => Buffer.from(bytes).toString('latin1'))
const armoured = fc
  .tuple(fc.constantFrom(...LABELS), fc.uint8Array({ maxLength: 1500 }))
  .map(([label, bytes]) => writePem(label, bytes))
const text = fc.oneof(fc.string({ maxLength: 1500 }), latin1, armoured)

/** A refused result whose message does not contain any long run of the input. */
function expectSafeRefusal(result: ReturnType<typeof parseCertificateBundle>, inputs: string[]): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(typeof result.message).toBe('string')
  for (const input of inputs) {
    for (const line of input.split(/\r?\n/)) {
      if (line.length >= 12 && !line.startsWith('-----')) expect(result.message).not.toContain(line)
    }
  }
}

describe('parseCertificateBundle never throws', () => {
  test.prop([text, text, fc.option(text)])(
    'arbitrary boxes are refused',
    (certificate, privateKey, chain) => {
      expectSafeRefusal(parseCertificateBundle({ certificate, privateKey, chain }), [
        certificate,
        privateKey,
        chain ?? '',
      ])
    },
  )

  test.prop([text, fc.option(text)])(
    'a valid certificate with an arbitrary key is refused',
    (privateKey, chain) => {
      const result = parseCertificateBundle({ certificate: valid.certificatePem, privateKey, chain })
      expectSafeRefusal(result, [privateKey, chain ?? ''])
    },
  )

  test.prop([text])('a valid certificate and key with an arbitrary chain never throws', (chain) => {
    const result = parseCertificateBundle({
      certificate: valid.certificatePem,
      privateKey: valid.privateKeyPem,
      chain,
    })
    if (!result.ok) expectSafeRefusal(result, [chain])
  })

  test.prop([fc.anything(), fc.anything(), fc.anything()])(
    'non-string inputs are refused',
    (certificate, privateKey, chain) => {
      const input = { certificate, privateKey, chain } as unknown as Parameters<
        typeof parseCertificateBundle
      >[0]
      expect(parseCertificateBundle(input).ok).toBe(false)
    },
  )

  test.prop([fc.anything()])('a non-object input is refused', (input) => {
    expect(parseCertificateBundle(input as Parameters<typeof parseCertificateBundle>[0]).ok).toBe(false)
  })

  test.prop([fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 255 })])(
    'a corrupted byte in a valid certificate is refused or parsed, never thrown',
    (offset, byte) => {
      const der = Buffer.from(valid.certificatePem.split('\n').slice(1, -2).join(''), 'base64')
      der[offset % der.length] = byte
      parseCertificateBundle({ certificate: writePem('CERTIFICATE', der), privateKey: valid.privateKeyPem })
    },
  )
})
