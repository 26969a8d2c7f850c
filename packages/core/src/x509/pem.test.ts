import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { readPem, writePem } from './pem.js'

const BODY = 'AAECAwQF'

describe('readPem', () => {
  it('reads several blocks and ignores text between them', () => {
    const text = `Bag Attributes\n-----BEGIN CERTIFICATE-----\n${BODY}\n-----END CERTIFICATE-----\nsubject=...\n-----BEGIN PRIVATE KEY-----\r\n${BODY}\r\n-----END PRIVATE KEY-----`
    const result = readPem(text)
    expect(result.ok && result.blocks.map((b) => [b.label, b.der && [...b.der]])).toEqual([
      ['CERTIFICATE', [0, 1, 2, 3, 4, 5]],
      ['PRIVATE KEY', [0, 1, 2, 3, 4, 5]],
    ])
  })

  it('recognises RFC 1421 encryption headers', () => {
    const text = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n${BODY}\n-----END RSA PRIVATE KEY-----`
    const result = readPem(text)
    expect(result.ok && result.blocks[0]).toMatchObject({ der: null, encrypted: true })
  })

  it.each([
    ['not base64', '-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----'],
    ['bad length', '-----BEGIN CERTIFICATE-----\nAAECAwQ\n-----END CERTIFICATE-----'],
    ['padding inside', '-----BEGIN CERTIFICATE-----\nAA==AAAA\n-----END CERTIFICATE-----'],
    ['empty body', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----'],
  ])('leaves der null for a body that is %s', (_, text) => {
    const result = readPem(text)
    expect(result.ok && result.blocks[0]?.der).toBeNull()
  })

  it.each([
    ['unterminated', `-----BEGIN CERTIFICATE-----\n${BODY}\n`, 'unterminated'],
    ['mismatched END', `-----BEGIN CERTIFICATE-----\n${BODY}\n-----END PRIVATE KEY-----`, 'unterminated'],
    [
      'nested BEGIN',
      `-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n${BODY}\n-----END CERTIFICATE-----`,
      'unterminated',
    ],
    ['no block', 'just some text', 'no-block'],
    ['binary', '0\u0082\u0003\u0000\u0001', 'binary'],
  ])('refuses %s', (_, text, reason) => {
    expect(readPem(text)).toEqual({ ok: false, reason })
  })

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 600 })])('round-trips writePem', (bytes) => {
    const result = readPem(writePem('CERTIFICATE', bytes))
    expect(result.ok && result.blocks[0]?.der).toEqual(bytes)
  })

  test.prop([fc.string({ maxLength: 2000 })])('never throws on arbitrary text', (text) => {
    readPem(text)
  })

  it('stays linear on many unterminated BEGIN markers', () => {
    const text = '-----BEGIN CERTIFICATE-----\n'.repeat(50_000)
    const started = performance.now()
    expect(readPem(text).ok).toBe(false)
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})
