import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { MAX_ISSUES, validationFailed } from './errors.js'
import { checkInput, parseInput, textIssues } from './validate.js'

describe('validationFailed', () => {
  it('keeps at most MAX_ISSUES issues, the last one counting the rest', () => {
    const issues = Array.from({ length: 200_000 }, (_, index) => ({ path: ['data', index], message: 'bad' }))
    const error = validationFailed(issues)
    expect(error.issues).toHaveLength(MAX_ISSUES)
    expect(error.issues.at(-1)).toEqual({
      path: [],
      message: `and ${200_000 - MAX_ISSUES + 1} more issues not listed`,
    })
    expect(error.message.length).toBeLessThanOrEqual(1100)
    expect(error.message).toMatch(/: and \d+ more issues not listed$/)
  })

  it('cuts paths at 32 segments and keeps a short message whatever the issue', () => {
    const error = validationFailed([
      { path: Array.from({ length: 1000 }, () => 'a'), message: 'x'.repeat(5000) },
      { path: ['b'], message: 'bad' },
    ])
    expect(error.issues[0]?.path).toHaveLength(32)
    expect(error.message).toBe('Invalid input: and 2 more (see issues)')
  })
})

describe('unknown keys in any strict object', () => {
  it('parseInput counts them, lists the allowed fields and never names them', () => {
    const Options = z.strictObject({ limit: z.number().optional(), cursor: z.string().optional() })
    try {
      parseInput(Options, { 'ghp_PASTED-token': 1, other: 2 }, ['options'])
      expect.unreachable()
    } catch (error) {
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'options',
        issues: [
          {
            path: ['options'],
            message: 'has 2 fields that are not part of this shape (allowed: limit, cursor)',
          },
        ],
      })
      expect(JSON.stringify(error) + String(error)).not.toContain('PASTED')
    }
  })

  it('checkInput does not walk into unknown fields, so their keys never reach a path', () => {
    const result = checkInput(z.strictObject({ a: z.string() }), { a: 'ok', PASTEDKEY: 'x\u0000' })
    expect(result.success).toBe(false)
    expect(JSON.stringify(result)).not.toContain('PASTEDKEY')
  })
})

describe('textIssues', () => {
  it('visits each object once, so a shared or cyclic graph cannot blow up', () => {
    let node: Record<string, unknown> = { leaf: '\u0000' }
    for (let level = 0; level < 30; level++) node = { a: node, b: node }
    const cyclic: Record<string, unknown> = { bad: '\ud800' }
    cyclic['self'] = cyclic
    expect(textIssues(node)).toHaveLength(1)
    expect(textIssues(cyclic)).toEqual([{ path: ['bad'], message: 'must be well-formed Unicode text' }])
  })
})
