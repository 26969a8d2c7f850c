import { VALID_CONFIGS } from '@credkit/testing'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import type { z } from 'zod'
import { acmeProviderConfig } from './provider-config.js'
import { ACME_PROVIDERS } from './providers.js'
import { AcmeWildcardData, AcmeWildcardUpdate } from './wildcard.js'

const MARK = '§VALUE§'

/** String leaves of a JSON-ish value (and the value itself when it is a string). */
function strings(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value]
  if (depth > 40 || typeof value !== 'object' || value === null) return []
  return Object.values(value).flatMap((item) => strings(item, depth + 1))
}

/** Parses without throwing and checks that no issue message repeats an input string. */
function expectSafe(schema: z.ZodType, input: unknown): void {
  const result = schema.safeParse(input)
  if (result.success) return
  const values = strings(input).filter(
    (value) => (value.length >= 8 && !VOCABULARY.has(value)) || value.includes(MARK),
  )
  for (const issue of result.error.issues) {
    expect(issue.message).not.toContain(MARK)
    for (const value of values) expect(issue.message).not.toContain(value)
  }
}

// Values that look like configs: real field names with arbitrary or marked values.
const FIELDS = [...new Set(Object.values(VALID_CONFIGS).flatMap((config) => Object.keys(config)))]
// Words messages may legitimately say: provider names (an enum value, not user data).
const VOCABULARY = new Set<string>(ACME_PROVIDERS)
const marked = fc.string({ maxLength: 20 }).map((value) => `${value}${MARK}`)
const leaf = fc.oneof(fc.string(), marked, fc.jsonValue({ maxDepth: 2 }))
const configLike = fc.dictionary(fc.constantFrom(...FIELDS, 'managedIdentity', 'type'), leaf)
const config = fc.oneof(
  fc.jsonValue(),
  configLike,
  configLike.map((value) => JSON.stringify(value)),
  fc.string(),
)

describe('acme schemas never throw nor echo input', () => {
  test.prop([fc.constantFrom(...ACME_PROVIDERS), config])('provider configs', (provider, input) => {
    expectSafe(acmeProviderConfig(provider), input)
  })

  test.prop([
    fc.record(
      {
        provider: fc.oneof(fc.constantFrom(...ACME_PROVIDERS), fc.string()),
        commonName: fc.oneof(fc.string(), marked, fc.constant('*.credkit-fuzz.test')),
        altNames: fc.oneof(fc.array(fc.oneof(fc.string(), marked)), fc.jsonValue()),
        email: fc.oneof(fc.string(), marked, fc.constant('me@credkit-fuzz.test')),
        providerConfig: config,
      },
      { requiredKeys: [] },
    ),
  ])('AcmeWildcardData and AcmeWildcardUpdate', (input) => {
    expectSafe(AcmeWildcardData, input)
    expectSafe(AcmeWildcardUpdate, input)
  })

  test.prop([fc.anything()])('anything at all', (input) => {
    expectSafe(AcmeWildcardData, input)
    expectSafe(AcmeWildcardUpdate, input)
    for (const provider of ACME_PROVIDERS) expectSafe(acmeProviderConfig(provider), input)
  })

  test.prop([fc.integer({ min: 50, max: 5000 })])('deeply nested configs', (depth) => {
    const nested = `${'['.repeat(depth)}"<x>"${']'.repeat(depth)}`
    expectSafe(acmeProviderConfig('webhook'), `{"groupName":"g","solverName":"s","config":{"a":${nested}}}`)
  })
})
