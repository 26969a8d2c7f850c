/**
 * `text` as an SQL string literal, quoted as `pg`'s `escapeLiteral` does (an `E''` literal when it
 * holds a backslash), so it reads the same whatever `standard_conforming_strings` says. For the
 * statements sent in one simple query with `BEGIN`, which takes no parameters.
 */
export function quoteLiteral(text: string): string {
  const quoted = `'${text.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`
  return text.includes('\\') ? ` E${quoted}` : quoted
}
