import { InvalidArgumentError } from 'commander'
import { describe, expect, test } from 'vitest'
import { parseCount, parseDays } from './duration.js'
import { formatSeconds } from './progress.js'
import { createRedactor } from './redact.js'

describe('parseDays', () => {
  test.each([
    ['30d', 30],
    ['2w', 14],
    ['0d', 0],
    ['45', 45],
    ['3650d', 3650],
  ])('%s is %i days', (input, days) => expect(parseDays(input)).toBe(days))

  test.each(['30x', '-1d', '1.5d', 'd', '', '3651d', '600w', '30 days'])('%j is refused', (input) => {
    expect(() => parseDays(input)).toThrow(InvalidArgumentError)
  })
})

test('parseCount keeps to its range', () => {
  const count = parseCount(1, 10)
  expect(count('7')).toBe(7)
  for (const bad of ['0', '11', '2.5', 'x', '-3']) expect(() => count(bad)).toThrow(InvalidArgumentError)
})

test('formatSeconds', () => {
  expect([formatSeconds(5), formatSeconds(65), formatSeconds(3725)]).toEqual(['5s', '1m05s', '1h02m'])
})

describe('createRedactor', () => {
  test('removes each master key, the whole value and the database password (raw and decoded)', () => {
    const redact = createRedactor({
      CREDKIT_MASTER_KEYS: 'k2:AAAAbbbbCCCC,k1:ddddEEEEffff',
      DATABASE_URL: 'postgres://ops:p%40ss-w0rd@db:5432/credkit',
    })
    const out = redact('k2:AAAAbbbbCCCC ddddEEEEffff p%40ss-w0rd p@ss-w0rd postgres://ops')
    expect(out).toBe('k2:[redacted] [redacted] [redacted] [redacted] postgres://ops')
  })

  test('passes text through when nothing is secret', () => {
    expect(createRedactor({})('plain')).toBe('plain')
  })
})
