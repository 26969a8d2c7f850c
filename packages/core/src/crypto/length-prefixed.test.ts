import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { encodeLengthPrefixed } from './length-prefixed.js'

/** The encoding as specified, written the slow and obvious way: one array per field, then joined. */
function reference(values: ReadonlyArray<string | number>): Uint8Array {
  const fields = values.map((value) => {
    if (typeof value === 'string') return new TextEncoder().encode(value)
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(value)))
    return bytes
  })
  const out = new Uint8Array(fields.reduce((n, f) => n + 4 + f.length, 0))
  let offset = 0
  for (const field of fields) {
    new DataView(out.buffer).setUint32(offset, field.length)
    out.set(field, offset + 4)
    offset += 4 + field.length
  }
  return out
}

// Any UTF-16 code unit, so lone surrogates, pairs and multi-byte characters all occur.
const anyString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) })
const anyInteger = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -1, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 63, 2 ** 64 + 2 ** 12, -(2 ** 53)),
)

describe('encodeLengthPrefixed', () => {
  test.prop([fc.array(fc.oneof(anyString, fc.string({ unit: 'binary' }), anyInteger), { maxLength: 8 })])(
    'matches the specified encoding for any strings and integers',
    (values) => {
      expect(encodeLengthPrefixed(values)).toEqual(reference(values))
    },
  )

  it.each([
    ['a surrogate pair', 'x\u{1F600}y'],
    ['a lone high surrogate at the end', 'x\uD83D'],
    ['a lone low surrogate', '\uDE00x'],
    ['two high surrogates', '\uD83D\uD83D\uDE00'],
    ['a low before a high', '\uDE00\uD83D'],
    ['2- and 3-byte characters', '\u00e9\u20ac\u07ff\u0800'],
  ])('encodes %s as TextEncoder does', (_, value) => {
    expect(encodeLengthPrefixed([value, 1])).toEqual(reference([value, 1]))
  })

  it('rejects a number that is not an integer', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => encodeLengthPrefixed(['x', bad])).toThrow(RangeError)
    }
  })
})
