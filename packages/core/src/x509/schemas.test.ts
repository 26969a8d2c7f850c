import { describe, expect, it } from 'vitest'
import { MAX_PEM_LENGTH, TlsCertificateData, TlsCertificateUpdate } from './schemas.js'

const PEM = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'

describe('TlsCertificateData', () => {
  it('accepts non-empty PEM texts with an optional chain', () => {
    expect(TlsCertificateData.parse({ certificate: PEM, privateKey: PEM })).toEqual({
      certificate: PEM,
      privateKey: PEM,
    })
    expect(TlsCertificateData.parse({ certificate: PEM, privateKey: PEM, chain: null }).chain).toBeNull()
  })

  it('refuses missing, empty and oversized fields without echoing them', () => {
    const big = `SECRET${'A'.repeat(MAX_PEM_LENGTH)}`
    const result = TlsCertificateData.safeParse({ certificate: '  ', privateKey: big, chain: 5 })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'certificate',
      'chain',
      'privateKey',
    ])
    expect(JSON.stringify(result.error?.issues)).not.toContain('SECRET')
  })
})

describe('TlsCertificateUpdate', () => {
  it('makes every field optional', () => {
    expect(TlsCertificateUpdate.parse({})).toEqual({})
    expect(TlsCertificateUpdate.parse({ certificate: PEM })).toEqual({ certificate: PEM })
  })

  it('still refuses an empty key when one is given', () => {
    expect(TlsCertificateUpdate.safeParse({ privateKey: '' }).success).toBe(false)
  })
})
