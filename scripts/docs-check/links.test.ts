import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { docFiles, REPO } from './doc-files.js'
import { brokenLinks } from './links.js'
import { links } from './markdown.js'

describe('links in the docs', () => {
  it('point at files that exist and at headings that exist', () => {
    expect(brokenLinks(docFiles())).toEqual([])
  })

  it('reach every page of docs/ from docs/index.md', () => {
    const linked = new Set(
      links(readFileSync(join(REPO, 'docs/index.md'), 'utf8')).map((link) => link.target.split('#')[0]),
    )
    const pages = readdirSync(join(REPO, 'docs')).filter(
      (name) => name.endsWith('.md') && !['index.md', 'README.md'].includes(name),
    )
    expect(pages.filter((page) => !linked.has(page))).toEqual([])
  })
})
