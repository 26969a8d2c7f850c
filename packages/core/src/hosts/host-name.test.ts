import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { DnsName } from './dns-name.js'
import { normalizeHostName } from './host-name.js'

describe('normalizeHostName', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['  example.com.  ', 'example.com'],
    ['*.Example.com', '*.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['*.bücher.example', '*.xn--bcher-kva.example'],
    ['a-b.example', 'a-b.example'],
    ['localhost', 'localhost'],
    ['1a.example', '1a.example'],
  ])('%j → %j', (input, output) => {
    expect(normalizeHostName(input)).toBe(output)
  })

  it.each([
    '',
    '.',
    '*',
    '*.com',
    '*.',
    'example..com',
    '.example.com',
    'example.com..',
    'ex ample.com',
    'a_b.example.com',
    '-a.example.com',
    'a-.example.com',
    'f*.example.com',
    'a.*.example.com',
    '*.*.example.com',
    '10.0.0.1',
    '1.2.3',
    '2001:db8::1',
    'example.com:443',
    'https://example.com',
    `${'a'.repeat(64)}.com`,
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}.com`,
    'xn--zz.com',
  ])('%j is not a host name', (input) => {
    expect(normalizeHostName(input)).toBeNull()
  })

  it('accepts a name of exactly 253 characters', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`
    expect(name).toHaveLength(253)
    expect(normalizeHostName(name)).toBe(name)
  })

  test.prop([fc.string({ maxLength: 300 })])('is idempotent and never throws', (input) => {
    const once = normalizeHostName(input)
    if (once !== null) expect(normalizeHostName(once)).toBe(once)
  })

  test.prop([fc.anything()])('returns null for non-strings', (input) => {
    fc.pre(typeof input !== 'string')
    expect(normalizeHostName(input as string)).toBeNull()
  })
})

describe('DnsName', () => {
  it('outputs the normalised name', () => {
    expect(DnsName.parse('*.Bücher.example.')).toBe('*.xn--bcher-kva.example')
  })

  it('refuses with a message that does not repeat the value', () => {
    const result = DnsName.safeParse('f*.secret-value.example')
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(/DNS name/)
    expect(JSON.stringify(result.error?.issues)).not.toContain('secret-value')
  })

  test.prop([fc.string({ minLength: 6 })])('issues never contain the input', (input) => {
    const result = DnsName.safeParse(input)
    if (!result.success)
      expect(JSON.stringify(result.error.issues)).not.toContain(JSON.stringify(input).slice(1, -1))
  })
})
