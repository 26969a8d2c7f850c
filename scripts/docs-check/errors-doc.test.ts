import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO } from './doc-files.js'
import { errorCodes, errorFields } from './error-codes.js'
import { codeSections, errorTable } from './errors-doc.js'
import { codeBlocks } from './markdown.js'

// docs/errors.md against packages/core/src/errors.ts: the codes come from the source's
// `CredentialsErrorCode` union, so a new code without its doc fails here.
const doc = readFileSync(join(REPO, 'docs/errors.md'), 'utf8')
const codes = errorCodes()
const fields = new Set(errorFields())

describe('docs/errors.md', () => {
  it('reads the codes and fields from the source', () => {
    expect(codes).toContain('VALIDATION_FAILED')
    expect(fields).toContain('issues')
  })

  it('has one section per error code, and none for a code that does not exist', () => {
    expect([...codeSections(doc)].sort()).toEqual([...codes].sort())
  })

  it('maps every code to an HTTP status and names the fields it sets', () => {
    const rows = errorTable(doc)
    expect(rows.map((row) => row.code).sort()).toEqual([...codes].sort())
    for (const row of rows) {
      expect(row.http, `docs/errors.md:${row.line} (${row.code}): an HTTP status`).toMatch(/\b[1-5]\d\d\b/)
      const unknown = row.fields.filter((field) => !fields.has(field))
      expect(unknown, `docs/errors.md:${row.line} (${row.code}): fields a CredentialsError has`).toEqual([])
    }
  })

  it('shows the error as `interface CredentialsError`, which the block checks hold to the class', () => {
    const blocks = codeBlocks(doc).filter((block) => /\binterface CredentialsError\b/.test(block.code))
    expect(blocks).toHaveLength(1)
    for (const field of fields) expect(blocks[0]!.code).toMatch(new RegExp(`\\b${field}\\b`))
  })
})
