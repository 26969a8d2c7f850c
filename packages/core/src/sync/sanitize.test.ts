import { makeMaterialized, makeMaterializedAcme } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { CredentialsError } from '../errors.js'
import { secret } from '../model/secret.js'
import { RegionError } from '../region-error.js'
import { regionFailure, secretPatterns } from './sanitize.js'
import { RegionCallTimeout } from './timeout.js'

const PASSWORD = 'hunter2-very-secret'
const secrets = secretPatterns(makeMaterialized({ password: PASSWORD }))
const sanitizeError = (error: unknown, patterns = secretPatterns(null)) =>
  regionFailure(error, patterns).message

describe('regionFailure: the message', () => {
  it('keeps the message of an error, one line, no stack', () => {
    const error = new Error('connection refused\n    at Socket.connect (net.js:1:1)\n    at more')
    expect(sanitizeError(error)).toBe('connection refused')
    expect(sanitizeError(new Error('first line\nsecond\tline'))).toBe('first line second line')
    expect(sanitizeError(new CredentialsError('REGION_FAILED', 'Unknown region'))).toBe('Unknown region')
  })

  it('says how long a timed-out call waited', () => {
    expect(sanitizeError(new RegionCallTimeout(30_000))).toBe('region call timed out after 30000 ms')
  })

  it('never dumps objects or non-errors', () => {
    expect(sanitizeError({ password: PASSWORD, nested: { deep: true } }, secrets)).toBe('region call failed')
    expect(sanitizeError({ message: `bad ${PASSWORD}` }, secrets)).toBe('bad [redacted]')
    expect(sanitizeError(undefined)).toBe('region call failed')
    expect(sanitizeError(null)).toBe('region call failed')
    expect(sanitizeError(new Error(''))).toBe('region call failed')
    expect(sanitizeError(503)).toBe('503')
  })

  it('redacts every form of a secret value: plain, JSON-escaped, base64, user:password base64', () => {
    const forms = [
      PASSWORD,
      JSON.stringify({ p: `a"${PASSWORD}` }),
      Buffer.from(PASSWORD).toString('base64'),
      Buffer.from(`staging:${PASSWORD}`).toString('base64'),
    ]
    for (const form of forms) {
      const message = sanitizeError(new Error(`denied: ${form}`), secrets)
      expect(message).toContain('[redacted]')
      expect(message).not.toContain(PASSWORD)
      expect(message).not.toContain(form)
    }
  })

  it('redacts a multi-line secret whole and line by line, and every string inside a secret object', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'
    const tls = secretPatterns({
      ...makeMaterialized(),
      type: 'tls-certificate',
      payload: { certificate: 'c', chain: null, privateKey: secret(key) },
    })
    expect(sanitizeError(new Error(`bad key ${key}`), tls)).toBe('bad key [redacted]')
    expect(sanitizeError(new Error('line MIIEvQIBADANBgkqhkiG9w0BAQEFAASC here'), tls)).toBe(
      'line [redacted] here',
    )
    const acme = secretPatterns({
      ...makeMaterializedAcme(),
      payload: {
        ...makeMaterializedAcme().payload,
        providerConfig: secret({ nested: { token: 'tok-123456' } }),
      },
    } as never)
    expect(sanitizeError(new Error('token tok-123456 rejected'), acme)).toBe('token [redacted] rejected')
    // only values made by secret() count: a look-alike is not revealed
    const fake = { ...makeMaterialized(), payload: { username: 'u', password: { reveal: () => 'x' } } }
    expect(secretPatterns(fake as never)).toEqual([])
  })

  it('redacts base64 blobs that hold a secret in a form secretPatterns does not list', () => {
    const dockerConfig = Buffer.from(
      JSON.stringify({ auths: { 'ghcr.io': { username: 'bot', password: PASSWORD, auth: 'x' } } }),
    ).toString('base64')
    const payloadJson = Buffer.from(JSON.stringify({ username: 'staging', password: PASSWORD })).toString(
      'base64',
    )
    const random = Buffer.from('0123456789abcdef0123456789abcdef0123456789abcdef', 'hex').toString(
      'base64url',
    )
    for (const blob of [dockerConfig, payloadJson, `${payloadJson.slice(0, 30)}==`, random]) {
      const message = sanitizeError(
        new Error(`Secret "x" is invalid: data[.dockerconfigjson]: ${blob} bad`),
        secrets,
      )
      expect(message).toBe('Secret "x" is invalid: data[.dockerconfigjson]: [redacted] bad')
    }
  })

  it('keeps what region messages need: names, paths, CamelCase words, numbers', () => {
    const message =
      'admission webhook "validate.credkit-system.example.com" denied: ValidatingWebhookConfiguration ' +
      'credkit-acct-0123456789-cred-0123456789 at /api/v1/namespaces/credkit-system/secrets after 30000 ms'
    expect(sanitizeError(new Error(message))).toBe(message)
  })

  it('redacts PEM blocks whole, even cut short or with no secret listed', () => {
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\nzAKBggqhkjOPQQDAjAS\n-----END CERTIFICATE-----'
    expect(sanitizeError(new Error(`bad chain ${pem} in secret`))).toBe('bad chain [redacted] in secret')
    expect(sanitizeError(new Error('key -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI'))).toBe('key [redacted]')
    expect(sanitizeError(new Error(`${pem}\n    at parse (x.js:1:1)`))).toBe('[redacted]')
  })

  it('caps the length at 200 characters', () => {
    const message = sanitizeError(new Error(`${'x'.repeat(500)}`))
    expect(message).toHaveLength(200)
    expect(message.endsWith('…')).toBe(true)
  })
})

describe('regionFailure: status and reason', () => {
  it("takes a RegionError's HTTP status and reason (from any copy of core), checked again", () => {
    const failure = (status: unknown, reason: unknown) =>
      regionFailure(
        Object.assign(new Error('denied'), { [Symbol.for('credkit.RegionError')]: true, status, reason }),
        secrets,
      )
    expect(regionFailure(new RegionError('denied', { status: 403, reason: 'Forbidden' }), secrets)).toEqual({
      status: 403,
      reason: 'Forbidden',
      message: 'denied',
    })
    for (const status of [99, 600, 403.5, '403', Number.NaN, null])
      expect(failure(status, null).status).toBeNull()
    for (const reason of ['has space', 'x'.repeat(65), '', 42, PASSWORD, PASSWORD.toUpperCase()])
      expect(failure(403, reason).reason).toBeNull()
    expect(failure(503, 'Service.Unavailable_1-x')).toMatchObject({
      status: 503,
      reason: 'Service.Unavailable_1-x',
    })
  })

  it('gives no status or reason to other thrown values, and names the engine timeout', () => {
    expect(regionFailure(Object.assign(new Error('boom'), { status: 500, reason: 'Internal' }))).toEqual({
      status: null,
      reason: null,
      message: 'boom',
    })
    expect(regionFailure(new RegionCallTimeout(2_000))).toEqual({
      status: null,
      reason: 'Timeout',
      message: 'region call timed out after 2000 ms',
    })
  })

  it('never throws, whatever the thrown value does', () => {
    const hostile = {
      get message(): string {
        throw new Error(PASSWORD)
      },
    }
    expect(regionFailure(hostile, secrets)).toEqual({
      status: null,
      reason: null,
      message: 'region call failed',
    })
    expect(regionFailure(Object.create(null), secrets).message).toBe('region call failed')
    expect(regionFailure(Symbol('x'), secrets).message).toBe('region call failed')
  })
})

describe('regionFailure: redactions that need no list', () => {
  it('redacts crypt hashes, {SHA} digests and long hex runs, keeps short numbers and names', () => {
    const bcrypt = '$2y$10$abcdefghijklmnopqrstuuZ8DV5Sx1Rt0eXwGkNh8oPNPpVFYsVtO'
    expect(sanitizeError(new Error(`auth: staging:${bcrypt} invalid`))).toBe(
      'auth: staging:[redacted] invalid',
    )
    expect(sanitizeError(new Error('line staging:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g= bad'))).toBe(
      'line staging:[redacted] bad',
    )
    const digest = `${'a'.repeat(8)}0123456789abcdef0123456789abcdef`
    expect(sanitizeError(new Error(`hash ${digest} differs from 0123abcd`))).toBe(
      'hash [redacted] differs from 0123abcd',
    )
  })

  it('redacts the whole message rather than search past its work budget', () => {
    // a secret of one repeated character, in a message of that character: every window matches
    const heavy = secretPatterns(makeMaterialized({ password: 'x'.repeat(4_000) }))
    expect(sanitizeError(new Error(`keep ${'x'.repeat(4_090)}`), heavy)).toBe('[redacted]')
    expect(sanitizeError(new Error(`keep ${'x'.repeat(100)}`), heavy)).toBe('keep [redacted]')
  })
})
