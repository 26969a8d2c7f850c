import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { type DocFile, REPO } from './doc-files.js'
import { headingAnchors, links } from './markdown.js'

/**
 * Every relative link of the docs: the file or folder must exist in the repository, and an
 * `#anchor` must name a heading of the Markdown file it points into. Links with a scheme
 * (`https:`, `mailto:`) are not followed. Returns one line per broken link.
 */
export function brokenLinks(docs: ReadonlyArray<DocFile>): string[] {
  const anchors = new Map<string, Set<string>>()
  const anchorsOf = (path: string) => {
    let found = anchors.get(path)
    if (!found) {
      found = headingAnchors(readFileSync(path, 'utf8'))
      anchors.set(path, found)
    }
    return found
  }
  const problems: string[] = []
  for (const doc of docs) {
    for (const link of links(doc.text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) continue
      const [rawPath = '', anchor] = link.target.split('#', 2)
      const path = decodeURIComponent(rawPath)
      const target = path === '' ? join(REPO, doc.path) : join(REPO, dirname(doc.path), path)
      const where = `${doc.path}:${link.line}: link ${link.target}`
      if (relative(REPO, target).startsWith('..')) {
        problems.push(`${where} leaves the repository`)
      } else if (!existsSync(target)) {
        problems.push(`${where}: ${relative(REPO, target)} does not exist`)
      } else if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md')) {
        if (!anchorsOf(target).has(decodeURIComponent(anchor).toLowerCase())) {
          problems.push(`${where}: ${relative(REPO, target)} has no heading with the anchor #${anchor}`)
        }
      }
    }
  }
  return problems
}
