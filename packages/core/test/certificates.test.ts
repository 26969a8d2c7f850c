import { makeCertificate, makeChain, storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { acmeTemplate } from '../src/acme/index.js'
import {
  ACCOUNT,
  actors,
  expectNoSecretsStored,
  registerSecret,
  rejectionOf,
  secretValue,
  useHarness,
} from './harness.js'

const h = useHarness()
const { admin, member } = actors
const DAY = 86_400_000
const NOW = new Date('2026-11-27T10:00:00.000Z').getTime()

/** A certificate valid around the harness clock; its key body is registered for the leak check. */
async function certificate(options: Parameters<typeof makeCertificate>[0] = {}) {
  const cert = await makeCertificate({
    notBefore: new Date(NOW - DAY),
    notAfter: new Date(NOW + 30 * DAY),
    ...options,
  })
  for (const line of cert.privateKeyPem.split('\n')) if (!line.startsWith('-----')) registerSecret(line)
  return cert
}

function cloudflare() {
  return { apiToken: secretValue('cf-token') }
}

describe('TLS certificates', () => {
  it('parses the certificate on save and shows CN, alt names and expiry on the row', async () => {
    const cert = await certificate({
      keyType: 'ecdsa-p256',
      commonName: 'shop.example.com',
      altNames: ['www.shop.example.com'],
    })
    const view = await h.credentials.create(admin, {
      type: 'tls-certificate',
      name: 'shop',
      data: { certificate: cert.certificatePem, privateKey: cert.privateKeyPem },
    })
    expect(view.data).toMatchObject({
      commonName: 'shop.example.com',
      altNames: expect.arrayContaining(['www.shop.example.com']),
      notAfter: new Date(NOW + 30 * DAY).toISOString(),
      keyAlgorithm: 'ECDSA-P256',
      chain: null,
    })
    expect(JSON.stringify(view)).not.toContain('PRIVATE KEY')
    await expectNoSecretsStored(await h.reader.dump())
  })

  it('refuses a key of another certificate, an expired certificate and a chain out of order, naming the field', async () => {
    const cert = await certificate()
    const other = await certificate()
    const expired = await certificate({ notBefore: new Date(NOW - 90 * DAY), notAfter: new Date(NOW - DAY) })
    const { leaf, intermediate, root } = await makeChain()
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ certificate: cert.certificatePem, privateKey: other.privateKeyPem }, 'data.privateKey'],
      [{ certificate: expired.certificatePem, privateKey: expired.privateKeyPem }, 'data.certificate'],
      [
        {
          certificate: leaf.certificatePem,
          privateKey: leaf.privateKeyPem,
          chain: root.certificatePem + intermediate.certificatePem,
        },
        'data.chain',
      ],
      [{ certificate: cert.privateKeyPem, privateKey: cert.privateKeyPem }, 'data.certificate'],
      [{ certificate: 'garbage', privateKey: cert.privateKeyPem }, 'data.certificate'],
    ]
    for (const [data, field] of cases) {
      const error = await rejectionOf(
        h.credentials.create(admin, { type: 'tls-certificate', name: 'x', data: data as never }),
      )
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field })
    }
    expect(await h.reader.countCredentials(ACCOUNT)).toBe(0)
  })

  it('re-parses on update: a renewal for the same key keeps the stored key, another key is refused', async () => {
    const first = await certificate({ commonName: 'a.example.com' })
    const view = await h.credentials.create(admin, {
      type: 'tls-certificate',
      name: 'a',
      data: { certificate: first.certificatePem, privateKey: first.privateKeyPem },
    })
    const renewed = await certificate({
      commonName: 'a.example.com',
      keys: first.keys,
      notAfter: new Date(NOW + 80 * DAY),
    })
    const updated = await h.credentials.update(admin, view.id, {
      data: { certificate: renewed.certificatePem },
    })
    expect(updated.data).toMatchObject({ notAfter: new Date(NOW + 80 * DAY).toISOString() })
    const stranger = await certificate({ commonName: 'a.example.com' })
    const error = await rejectionOf(
      h.credentials.update(admin, view.id, { data: { certificate: stranger.certificatePem } }),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data.privateKey' })
  })
})

describe('ACME wildcard', () => {
  it('refuses the template as-is and accepts it filled in', async () => {
    const template = acmeTemplate('cloudflare')
    const error = await rejectionOf(
      h.credentials.create(admin, {
        type: 'acme-wildcard',
        name: 'wild',
        data: { provider: 'cloudflare', commonName: '*.example.com', providerConfig: template },
      }),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(String(error.message)).toContain('providerConfig')
    const view = await h.credentials.create(admin, {
      type: 'acme-wildcard',
      name: 'wild',
      data: {
        provider: 'cloudflare',
        commonName: '*.Example.com.',
        altNames: ['example.com'],
        providerConfig: JSON.stringify(cloudflare()),
      },
    })
    expect(view.data).toMatchObject({
      provider: 'cloudflare',
      commonName: '*.example.com',
      altNames: ['example.com'],
    })
    expect(JSON.stringify(view)).not.toContain('apiToken')
  })

  it('refuses a config of another provider and a provider change without a config', async () => {
    const error = await rejectionOf(
      h.credentials.create(admin, {
        type: 'acme-wildcard',
        name: 'wild',
        data: { provider: 'route53', commonName: '*.example.com', providerConfig: cloudflare() },
      }),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
    const view = await h.credentials.create(admin, {
      type: 'acme-wildcard',
      name: 'wild',
      data: { provider: 'cloudflare', commonName: '*.example.com', providerConfig: cloudflare() },
    })
    expect(
      await rejectionOf(h.credentials.update(admin, view.id, { data: { provider: 'route53' } })),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'data.providerConfig',
    })
    const renamed = await h.credentials.update(admin, view.id, { data: { altNames: ['example.com'] } })
    expect(renamed.data).toMatchObject({ altNames: ['example.com'] })
    const secrets = await h.credentials.reveal(admin, view.id)
    expect(secrets.type === 'acme-wildcard' && secrets.providerConfig.reveal()).toHaveProperty('apiToken')
  })
})

describe('Use account certificate', () => {
  it('offers matching TLS and ACME certificates to every member, ready first', async () => {
    await storesOf(h.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const wildcard = await certificate({ commonName: '*.example.com' })
    const exact = await certificate({ commonName: 'api.example.com', notAfter: new Date(NOW + 5 * DAY) })
    const unrelated = await certificate({ commonName: 'other.org' })
    for (const [name, cert] of [
      ['wild', wildcard],
      ['exact', exact],
      ['unrelated', unrelated],
    ] as const) {
      await h.credentials.create(admin, {
        type: 'tls-certificate',
        name,
        data: { certificate: cert.certificatePem, privateKey: cert.privateKeyPem },
      })
    }
    const acme = await h.credentials.create(admin, {
      type: 'acme-wildcard',
      name: 'acme',
      data: { provider: 'cloudflare', commonName: '*.example.com', providerConfig: cloudflare() },
    })
    const candidates = await h.credentials.matchCertificates(member, 'API.example.com.')
    expect(candidates.map((c) => [c.name, c.status, c.matchedName])).toEqual([
      ['wild', 'ready', '*.example.com'],
      ['exact', 'ready', 'api.example.com'],
      ['acme', 'pending-issuance', '*.example.com'],
    ])
    expect(await h.credentials.matchCertificates(member, 'a.b.example.com')).toEqual([])
    expect(await h.credentials.matchCertificates(member, 'example.com')).toEqual([])

    // once cert-manager issued it in the region, the ACME credential is ready there
    const [status] = await storesOf(h.storage).sync.listStatuses(ACCOUNT, [acme.id])
    await storesOf(h.storage).sync.putStatuses([
      {
        ...status!,
        issuance: {
          state: 'issued',
          certificate: {
            commonName: '*.example.com',
            altNames: ['*.example.com'],
            notBefore: new Date(NOW).toISOString(),
            notAfter: new Date(NOW + 2 * DAY).toISOString(),
            issuer: 'CN=R11',
            serialNumber: '01',
            fingerprintSha256: 'ab',
            keyAlgorithm: 'ECDSA-P256',
          },
        },
      },
    ])
    const inRegion = await h.credentials.matchCertificates(member, 'api.example.com', { region: 'eu-1' })
    expect(inRegion.find((c) => c.name === 'acme')?.status).toBe('ready')

    const expiring = await h.credentials.expiringCertificates(admin, { withinDays: 7 })
    expect(expiring.map((e) => [e.name, e.daysLeft, e.region])).toEqual([
      ['acme', 2, 'eu-1'],
      ['exact', 5, null],
    ])
    expect(await rejectionOf(h.credentials.expiringCertificates(member, { withinDays: 7 }))).toMatchObject({
      code: 'FORBIDDEN',
    })
  })

  it('refuses a malformed host', async () => {
    for (const host of ['', 'has space.example.com', 'a..b', `${'x'.repeat(64)}.example.com`]) {
      expect(await rejectionOf(h.credentials.matchCertificates(member, host))).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'host',
      })
    }
  })
})
