import { createHash } from 'node:crypto'
import { makeMaterialized, makeMaterializedAcme } from '@credkit/testing'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { secret } from '../model/secret.js'
import type { MaterializedCredential } from '../ports/region-port.js'
import { RegionError } from '../region-error.js'
import { regionFailure, secretPatterns } from './sanitize.js'
import { fold } from './sanitize-fold.js'

// Generated secrets, put in a region message in every encoding an adapter could produce: none of
// them may be readable in the stored message, and the words around them must survive.

const USER = 'deploy-bot'
const b64 = (text: string) => Buffer.from(text).toString('base64')
const hex = (text: string) => Buffer.from(text).toString('hex')

/** How a secret can appear in a message, and the secret-derived text that must not remain. */
const ENCODINGS: Record<string, (s: string) => { shown: string; probes: string[] }> = {
  raw: (s) => ({ shown: s, probes: [s] }),
  'upper-cased': (s) => ({ shown: s.toUpperCase(), probes: [s.toUpperCase()] }),
  'lower-cased': (s) => ({ shown: s.toLowerCase(), probes: [s.toLowerCase()] }),
  'in a JSON document': (s) => ({
    shown: JSON.stringify({ kind: 'Secret', stringData: { password: s } }),
    probes: [JSON.stringify(s).slice(1, -1)],
  }),
  'JSON the Go way': (s) => {
    const escaped = JSON.stringify(s)
      .slice(1, -1)
      .replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)
    return { shown: `{"password":"${escaped}"}`, probes: [escaped] }
  },
  base64: (s) => ({ shown: b64(s), probes: [b64(s).replace(/=+$/, '')] }),
  'base64url without padding': (s) => {
    const url = Buffer.from(s).toString('base64url')
    return { shown: url, probes: [url] }
  },
  'base64 of a dockerconfigjson': (s) => {
    const auth = b64(`${USER}:${s}`)
    const blob = b64(JSON.stringify({ auths: { 'ghcr.io': { username: USER, password: s, auth } } }))
    return { shown: `data[.dockerconfigjson]: ${blob}`, probes: [blob.slice(40, 60), s] }
  },
  'docker auth': (s) => ({ shown: `auth=${b64(`${USER}:${s}`)}`, probes: [b64(`${USER}:${s}`)] }),
  'htpasswd {SHA}': (s) => {
    const digest = createHash('sha1').update(s).digest('base64')
    return { shown: `${USER}:{SHA}${digest}`, probes: [digest] }
  },
  'hex, lower case': (s) => ({ shown: hex(s), probes: [hex(s)] }),
  'hex, upper case': (s) => ({ shown: hex(s).toUpperCase(), probes: [hex(s)] }),
  'URL-encoded': (s) => ({ shown: `?token=${encodeURIComponent(s)}&x=1`, probes: [encodeURIComponent(s)] }),
  'form-encoded': (s) => {
    const form = new URLSearchParams({ password: s }).toString()
    return { shown: form, probes: [form.slice('password='.length)] }
  },
  reversed: (s) => ({ shown: [...s].reverse().join(''), probes: [[...s].reverse().join('')] }),
  'spaced out': (s) => ({ shown: [...s].join(' '), probes: [s] }),
  'wrapped over lines': (s) => ({ shown: s.replace(/(.{5})/gu, '$1\n'), probes: [s] }),
  'cut after its start': (s) => ({ shown: `${s.slice(0, 8 + (s.length % 5))}…`, probes: [s.slice(0, 8)] }),
  'cut before its end': (s) => ({ shown: `…${s.slice(-8 - (s.length % 5))}`, probes: [s.slice(-8)] }),
}

/** Printable characters, a few non-ASCII ones, and no whitespace (spaces are added on purpose). */
const CHARS = [
  ...Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)),
  'é',
  'ß',
  'Ж',
  '漢',
  '😀',
]
const secretText = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 8, maxLength: 32 })

const BEFORE = 'admission webhook "validate.example.com" denied the request:'
const AFTER = 'while applying credkit-acct-0001'

function expectHidden(credential: MaterializedCredential, shown: string, probes: string[]): void {
  const message = `${BEFORE} ${shown} ${AFTER}`
  const failure = regionFailure(new RegionError(message, { status: 403 }), secretPatterns(credential))
  const folded = fold(failure.message)
  for (const probe of probes) expect(folded).not.toContain(fold(probe))
  // the words around survive (a redaction may take a neighbouring character that the secret
  // shares, such as the `:` before a secret that has one before its end)
  expect(failure.message).toContain('admission webhook "validate.example.com" denied the request')
  expect(failure.message).toContain('while applying')
  expect(failure.status).toBe(403)
}

describe('regionFailure: generated secrets in every encoding', () => {
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    test.prop([secretText], { numRuns: 60 })(`hides a password ${name}`, (password) => {
      const { shown, probes } = encode(password)
      expectHidden(makeMaterialized({ password }), shown, probes)
    })
  }

  test.prop([secretText, fc.constantFrom(...Object.keys(ENCODINGS))], { numRuns: 200 })(
    'hides a string nested in an ACME provider config',
    (token, name) => {
      const acme = makeMaterializedAcme()
      const credential = {
        ...acme,
        payload: { ...acme.payload, providerConfig: secret({ nested: { list: ['x', token] } }) },
      } as MaterializedCredential
      const { shown, probes } = ENCODINGS[name]!(token)
      expectHidden(credential, shown, probes)
    },
  )

  test.prop([fc.integer({ min: 10_000_000, max: Number.MAX_SAFE_INTEGER })], { numRuns: 100 })(
    'hides a numeric config value',
    (accountNumber) => {
      const acme = makeMaterializedAcme()
      const credential = {
        ...acme,
        payload: { ...acme.payload, providerConfig: secret({ accountNumber, apiToken: 'token-value-1' }) },
      } as MaterializedCredential
      expectHidden(credential, `account ${accountNumber} unknown`, [String(accountNumber)])
    },
  )
})

describe('regionFailure: what is not a secret survives', () => {
  it('searches for no value shorter than 8 characters, so short config strings shred nothing', () => {
    const acme = makeMaterializedAcme()
    const credential = {
      ...acme,
      payload: {
        ...acme.payload,
        providerConfig: secret({
          region: 'eu',
          zone: 'prod',
          ttl: 300,
          enabled: true,
          apiToken: 'tok-0123456789',
        }),
      },
    } as MaterializedCredential
    const message = 'zone production in region europe-1 (ttl 300, enabled true) rejected tok-0123456789'
    expect(regionFailure(new Error(message), secretPatterns(credential)).message).toBe(
      'zone production in region europe-1 (ttl 300, enabled true) rejected [redacted]',
    )
    const short = secretPatterns(makeMaterialized({ password: 'abc12' }))
    expect(regionFailure(new Error('abc12 abc123 xabc12x: denied'), short).message).toBe(
      'abc12 abc123 xabc12x: denied',
    )
  })

  test.prop([secretText], { numRuns: 100 })(
    'keeps the words of a message that holds no secret',
    (password) => {
      const message =
        'secrets "credkit-acct-1-cred-2" is forbidden: User "system:serviceaccount:credkit" cannot patch'
      const folded = fold(password)
      for (const text of [folded, [...folded].reverse().join('')])
        for (let i = 0; i + 8 <= text.length; i++) fc.pre(!fold(message).includes(text.slice(i, i + 8)))
      const patterns = secretPatterns(makeMaterialized({ password }))
      expect(regionFailure(new Error(message), patterns).message).toBe(message)
    },
  )
})
