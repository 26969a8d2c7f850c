/** Rows as aligned columns under a header; `-` for empty cells. */
export function renderTable(
  headers: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
): string[] {
  const cells = [headers, ...rows].map((row) => row.map((cell) => (cell === '' ? '-' : cell)))
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)))
  return cells.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
}

/** A timestamp to the second in UTC (`2026-01-31T12:00:00Z`), or empty. */
export function formatTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return ''
  const date = typeof value === 'string' ? new Date(value) : value
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `n thing` / `n things`. */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

/** JSON for `--json`: dates as ISO strings, two-space indent. */
export const toJson = (value: unknown) => JSON.stringify(value, null, 2)
