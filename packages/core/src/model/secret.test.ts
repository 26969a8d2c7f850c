import { format, inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { isSecret, secret } from './secret.js'

const VALUE = 'hunter2-s3cr3t'

function expectHidden(rendered: string): void {
  expect(rendered).not.toContain(VALUE)
}

describe('secret', () => {
  it('reveals the value', () => {
    const value = { password: VALUE }
    expect(secret(value).reveal()).toBe(value)
    expect(secret(new Uint8Array([1, 2])).reveal()).toEqual(new Uint8Array([1, 2]))
  })

  it('prints [redacted] through every string conversion', () => {
    const s = secret(VALUE)
    expect(String(s)).toBe('[redacted]')
    expect(`${s}`).toBe('[redacted]')
    expect(`x${s}`).toBe('x[redacted]')
    expect(s.toString()).toBe('[redacted]')
    expect(JSON.stringify(s)).toBe('"[redacted]"')
    expect(JSON.stringify({ a: s })).toBe('{"a":"[redacted]"}')
    expect(inspect(s)).toBe('[redacted]')
    expect(format('%s %o %j', s, s, s)).toBe('[redacted] [redacted] "[redacted]"')
  })

  it('stays hidden when nested in objects and arrays', () => {
    const s = secret(VALUE)
    const nested = { user: 'u', auth: { password: s }, list: [s, [s]] }
    expectHidden(JSON.stringify(nested))
    expectHidden(inspect(nested, { depth: null, showHidden: true }))
    expectHidden(inspect(nested, { depth: null, customInspect: false, showHidden: true }))
    expectHidden(format('%s %o %O %j', nested, nested, nested, nested))
    expectHidden(String([s, s]))
  })

  it('keeps the value off the object itself', () => {
    const s = secret(VALUE)
    expect(Object.keys(s)).toEqual([])
    expect(Reflect.ownKeys(s)).toEqual([])
    expect({ ...s }).toEqual({})
    expect(Object.entries(s)).toEqual([])
    expect(structuredClone(s)).toEqual({})
    expectHidden(inspect(s, { customInspect: false, showHidden: true, depth: null }))
    expect(Object.isFrozen(s)).toBe(true)
  })

  it('recognises only real secrets', () => {
    expect(isSecret(secret(VALUE))).toBe(true)
    expect(isSecret(secret(undefined))).toBe(true)
    expect(isSecret({ reveal: () => VALUE, toString: () => '[redacted]' })).toBe(false)
    expect(isSecret(null)).toBe(false)
    expect(isSecret(VALUE)).toBe(false)
  })

  it('refuses to reveal when detached from a secret', () => {
    const { reveal } = secret(VALUE)
    expect(() => reveal.call({})).toThrow(TypeError)
  })
})
