import { blankFences } from './markdown.js'

export interface ErrorTableRow {
  readonly code: string
  readonly http: string
  /** The field names the row lists (backticked words of the last column). */
  readonly fields: ReadonlyArray<string>
  readonly line: number
}

/** The `## CODE` section headings of docs/errors.md (headings that are one UPPER_SNAKE word). */
export function codeSections(markdown: string): string[] {
  return blankFences(markdown)
    .split('\n')
    .map((line) => /^##\s+`?([A-Z][A-Z0-9_]*)`?\s*$/.exec(line)?.[1])
    .filter((code): code is string => code !== undefined)
}

/**
 * The rows of the table whose header starts `| code | HTTP |`: one per code, its HTTP mapping and
 * the fields it sets (`| \`CONFLICT\` | 409 | \`field\`, \`retryable\` |`).
 */
export function errorTable(markdown: string): ErrorTableRow[] {
  const lines = blankFences(markdown).split('\n')
  const header = lines.findIndex((line) => /^\|\s*code\s*\|\s*HTTP\s*\|/i.test(line))
  if (header === -1) return []
  const rows: ErrorTableRow[] = []
  for (let i = header + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const cells = lines[i]!.split('|')
      .slice(1, -1)
      .map((cell) => cell.trim())
    rows.push({
      code: cells[0]?.replace(/`/g, '') ?? '',
      http: cells[1] ?? '',
      fields: [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
      line: i + 1,
    })
  }
  return rows
}
