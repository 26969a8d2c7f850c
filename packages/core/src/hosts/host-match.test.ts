import { describe, expect, it } from 'vitest'
import vectors from './fixtures/host-match.json' with { type: 'json' }
import { certificateHostNames, hostLookupNames, hostMatches } from './host-match.js'

interface Vector {
  readonly pattern: string
  readonly host: string
  readonly match: boolean
  readonly why: string
}

describe('hostMatches known-answer vectors', () => {
  it.each(vectors as Vector[])('$why: $pattern vs $host → $match', ({ pattern, host, match }) => {
    expect(hostMatches(pattern, host)).toBe(match)
  })
})

describe('hostLookupNames', () => {
  it('adds the parent wildcard for hosts of three labels or more', () => {
    expect(hostLookupNames('API.Example.com.')).toEqual(['api.example.com', '*.example.com'])
    expect(hostLookupNames('a.b.example.com')).toEqual(['a.b.example.com', '*.b.example.com'])
  })

  it('looks up two-label and single-label hosts exactly', () => {
    expect(hostLookupNames('example.com')).toEqual(['example.com'])
    expect(hostLookupNames('localhost')).toEqual(['localhost'])
  })

  it('looks up a wildcard host only by itself', () => {
    expect(hostLookupNames('*.Example.com')).toEqual(['*.example.com'])
  })

  it('converts IDNs and returns nothing for invalid hosts', () => {
    expect(hostLookupNames('shop.bücher.example')).toEqual([
      'shop.xn--bcher-kva.example',
      '*.xn--bcher-kva.example',
    ])
    expect(hostLookupNames('f*.example.com')).toEqual([])
    expect(hostLookupNames('10.0.0.1')).toEqual([])
  })
})

describe('certificateHostNames', () => {
  it('normalises, dedupes and drops IPs and names that match nothing', () => {
    const names = [
      'Example.com',
      'example.com.',
      '*.Example.com',
      'bücher.example',
      '10.0.0.1',
      '2001:db8::1',
      'f*.example.com',
      'a.*.example.com',
      'My Test CA',
    ]
    expect(certificateHostNames(names)).toEqual(['example.com', '*.example.com', 'xn--bcher-kva.example'])
  })
})
