/**
 * A multi-row `VALUES` list and its flat parameters: `rows` of equal width become
 * `($1, $2::jsonb), ($3, $4::jsonb)`, each placeholder followed by its column's cast (if any).
 */
export function valuesList(
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  casts: ReadonlyArray<string> = [],
): { text: string; values: unknown[] } {
  const values: unknown[] = []
  const tuples = rows.map((row) => {
    const slots = row.map((value, i) => {
      values.push(value)
      return `$${values.length}${casts[i] ?? ''}`
    })
    return `(${slots.join(', ')})`
  })
  return { text: tuples.join(', '), values }
}
