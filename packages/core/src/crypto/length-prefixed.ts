const encoder = new TextEncoder()
// UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
const MAX_UTF8_PER_UNIT = 3
const TWO_32 = 2 ** 32

/**
 * Associated data from fields: strings as UTF-8, numbers as uint64 big-endian, each prefixed with
 * its byte length as uint32 big-endian, so no two field lists share an encoding.
 * @throws RangeError for a number that is not an integer.
 */
export function encodeLengthPrefixed(values: ReadonlyArray<string | number>): Uint8Array {
  let bound = 0
  for (const value of values) bound += 4 + (typeof value === 'string' ? value.length * MAX_UTF8_PER_UNIT : 8)
  // Strings are encoded in place into a buffer sized for the worst case, then cut to length.
  const out = new Uint8Array(bound)
  const view = new DataView(out.buffer)
  let offset = 0
  for (const value of values) {
    if (typeof value === 'string') {
      const { written } = encoder.encodeInto(value, out.subarray(offset + 4))
      view.setUint32(offset, written)
      offset += 4 + written
    } else {
      if (!Number.isInteger(value)) throw new RangeError('expected an integer field')
      // Two's complement of a safe integer, as uint64: the same bytes as setBigUint64(BigInt(value)).
      view.setUint32(offset, 8)
      view.setUint32(offset + 4, Math.floor(value / TWO_32) >>> 0)
      view.setUint32(offset + 8, value >>> 0)
      offset += 12
    }
  }
  return out.slice(0, offset)
}
