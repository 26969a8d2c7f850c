import { describe, expect, it } from 'vitest'
import { checkerComments, codeBlocks, githubSlug, headingAnchors, links } from './markdown.js'

describe('markdown reading', () => {
  it('gives headings the anchors GitHub gives them', () => {
    expect(githubSlug('Region failures: throw `RegionError`')).toBe('region-failures-throw-regionerror')
    expect(githubSlug('Audit integrity (keyed chain)')).toBe('audit-integrity-keyed-chain')
    expect(githubSlug('Host matching ("Use account certificate")')).toBe(
      'host-matching-use-account-certificate',
    )
    expect(githubSlug('`credkit status [--account ID]`')).toBe('credkit-status---account-id')
    expect(githubSlug('VALIDATION_FAILED')).toBe('validation_failed')
    expect([...headingAnchors('# A\n## Same\n```\n# not a heading\n```\n## Same\n')]).toEqual([
      'a',
      'same',
      'same-1',
    ])
  })

  it('reads fenced blocks with their mode, line and indentation removed', () => {
    const blocks = codeBlocks(
      'text\n```ts fragment\nconst a = 1\n```\n- item\n  ```ts\n  const b = 2\n  ```\n',
    )
    expect(blocks).toMatchObject([
      { language: 'ts', note: 'fragment', line: 2, code: 'const a = 1' },
      { language: 'ts', note: '', line: 6, code: 'const b = 2' },
    ])
  })

  it('finds links outside code only', () => {
    const text = 'see [a](a.md#x) and `[b](b.md)`\n```\n[c](c.md)\n```\n[d]: d.md\n<!-- [e](e.md) -->'
    expect(links(text)).toEqual([
      { target: 'a.md#x', line: 1 },
      { target: 'd.md', line: 5 },
    ])
  })

  it('reads prelude comments after their first line, not inside code blocks', () => {
    const text =
      '<!-- docs-check prelude (a note)\ndeclare const x: number\n-->\n```md\n<!-- docs-check prelude\nnope\n-->\n```'
    expect(checkerComments(text, 'prelude')).toEqual(['declare const x: number\n'])
  })
})
