import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHostIndex } from './host-index.js'
import { hostMatches } from './host-match.js'

const LEFT = ['a', 'api', 'API', 'b', '*', 'f*', 'a_b', 'bücher']
const PARENTS = [
  'example.com',
  'Example.COM',
  'b.example.com',
  'bücher.example',
  'xn--bcher-kva.example',
  'com',
  '10',
]
const labels = fc
  .array(fc.constantFrom(...LEFT, ...PARENTS), { minLength: 1, maxLength: 4 })
  .map((l) => l.join('.'))
const name = fc
  .tuple(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.tuple(fc.constantFrom(...LEFT), fc.constantFrom(...PARENTS)).map((p) => p.join('.')),
      },
      { weight: 1, arbitrary: fc.constantFrom(...PARENTS) },
      { weight: 1, arbitrary: labels },
    ),
    fc.boolean(),
  )
  .map(([text, dot]) => text + (dot ? '.' : ''))
const certificates = fc.array(fc.array(name, { maxLength: 5 }), { maxLength: 12 })

describe('createHostIndex', () => {
  it('adds, replaces and removes keys', () => {
    const index = createHostIndex<string>()
    index.add('wild', ['*.example.com'])
    index.add('apex', ['Example.com', '10.0.0.1'])
    expect(index.size).toBe(2)
    expect(index.lookup('api.example.com')).toEqual(['wild'])
    expect(index.lookup('EXAMPLE.com.')).toEqual(['apex'])
    index.add('wild', ['other.example.com'])
    expect(index.lookup('api.example.com')).toEqual([])
    index.remove('apex')
    index.remove('missing')
    expect(index.size).toBe(1)
    expect(index.lookup('example.com')).toEqual([])
  })

  it('finds the same keys as a brute-force hostMatches scan', () => {
    let matches = 0
    let wildcardMatches = 0
    fc.assert(
      fc.property(certificates, fc.array(name, { minLength: 1, maxLength: 8 }), (certs, hosts) => {
        const index = createHostIndex<number>()
        certs.forEach((names, key) => {
          index.add(key, names)
        })
        for (const host of hosts) {
          const expected = certs.flatMap((names, key) =>
            names.some((n) => hostMatches(n, host)) ? [key] : [],
          )
          const found = index.lookup(host).sort((x, y) => x - y)
          expect(found).toEqual(expected)
          matches += expected.length
          const viaWildcard = certs.some((names) =>
            names.some((n) => n.startsWith('*.') && hostMatches(n, host)),
          )
          if (viaWildcard && !host.startsWith('*')) wildcardMatches++
        }
      }),
      { numRuns: 500 },
    )
    expect(matches).toBeGreaterThan(200)
    expect(wildcardMatches).toBeGreaterThan(30)
  })
})
