/**
 * `text` as an SQL string literal, quoted as `pg`'s `escapeLiteral` does (an `E''` literal when it
 * holds a backslash), so it reads the same whatever `standard_conforming_strings` says. For the
 * statements sent in one simple query with `BEGIN` or `COMMIT`, which takes no parameters.
 */
export function quoteLiteral(text: string): string {
  const quoted = `'${text.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`
  return text.includes('\\') ? ` E${quoted}` : quoted
}

/**
 * A simple query is sent as one NUL-terminated string: a NUL inside a literal would cut the query
 * short. Such a value goes as a parameter instead (the server then rejects it as text).
 */
function withoutNul(value: string): string {
  if (value.includes('\0')) throw new Error('cannot inline text holding a NUL character')
  return value
}

/**
 * One parameter value as an SQL literal that the server reads as it reads the parameter: `NULL`,
 * or a quoted literal of unknown type that takes the type its place needs, exactly as an untyped
 * `$n` does (`pg` sends every parameter as text of unknown type). Values are converted to text
 * as `pg` converts parameters: a Date as its instant, bytes as `\x` hex, an array of text as a
 * `text[]`, an object as JSON.
 * @throws Error for a value it cannot inline (text holding NUL, a non-finite number, an array of
 *   non-text values): send that statement with parameters
 */
export function toLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'string') return quoteLiteral(withoutNul(value))
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'bigint') return quoteLiteral(value.toString())
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('cannot inline a non-finite number')
    return quoteLiteral(String(value))
  }
  if (value instanceof Date) return quoteLiteral(value.toISOString())
  if (value instanceof Uint8Array)
    return quoteLiteral(`\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`)
  if (Array.isArray(value)) {
    if (!value.every((item) => typeof item === 'string'))
      throw new Error('cannot inline an array of non-text values')
    return `ARRAY[${value.map((item: string) => quoteLiteral(withoutNul(item))).join(', ')}]::text[]`
  }
  return quoteLiteral(JSON.stringify(value))
}

/**
 * `text` with `$1`, `$2`… replaced by the literals of `values` (see `toLiteral`), for a statement
 * sent without parameters. The stores' statements hold no `$` inside string literals.
 */
export function inlineParams(text: string, values: ReadonlyArray<unknown> = []): string {
  if (values.length === 0) return text
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1
    if (index >= values.length) throw new Error(`no value for parameter $${n}`)
    return toLiteral(values[index])
  })
}
