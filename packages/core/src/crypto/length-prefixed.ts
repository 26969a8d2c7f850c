const encoder = new TextEncoder()
const TWO_32 = 2 ** 32

/** Bytes `encodeInto` writes for `value`: a lone surrogate becomes U+FFFD (3 bytes). */
export function utf8Length(value: string): number {
  let length = value.length
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    if (unit < 0x80) continue
    if (unit < 0x800) {
      length += 1
      continue
    }
    // 3 bytes for one unit, or 4 for a surrogate pair's two.
    length += 2
    if (unit >= 0xd800 && unit < 0xdc00 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
  }
  return length
}

/**
 * Associated data from fields: strings as UTF-8, numbers as uint64 big-endian, each prefixed with
 * its byte length as uint32 big-endian, so no two field lists share an encoding.
 * @throws RangeError for a number that is not an integer.
 */
export function encodeLengthPrefixed(values: ReadonlyArray<string | number>): Uint8Array {
  let total = 0
  for (const value of values) total += 4 + (typeof value === 'string' ? utf8Length(value) : 8)
  const out = new Uint8Array(total)
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
  return out
}
