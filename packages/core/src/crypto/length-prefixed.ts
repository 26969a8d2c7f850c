const encoder = new TextEncoder()

/**
 * Associated data from fields: strings as UTF-8, numbers as uint64 big-endian, each prefixed with
 * its byte length as uint32 big-endian, so no two field lists share an encoding.
 */
export function encodeLengthPrefixed(values: ReadonlyArray<string | number>): Uint8Array {
  const fields = values.map((value) => {
    if (typeof value === 'string') return encoder.encode(value)
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setBigUint64(0, BigInt(value))
    return bytes
  })
  const out = new Uint8Array(fields.reduce((n, f) => n + 4 + f.length, 0))
  const view = new DataView(out.buffer)
  let offset = 0
  for (const field of fields) {
    view.setUint32(offset, field.length)
    out.set(field, offset + 4)
    offset += 4 + field.length
  }
  return out
}
