// The few parts of Markdown the doc checks read: fenced code blocks, headings, links, and HTML
// comments addressed to the checker. Line numbers are 1-based, as an editor shows them.

/** A fenced code block: its info string split into language and flags, and its text. */
export interface CodeBlock {
  readonly language: string
  /** The words after the language (`ts fragment` → `['fragment']`). */
  readonly flags: ReadonlyArray<string>
  /** The info string after the language, for messages (`no-run: needs PostgreSQL`). */
  readonly note: string
  /** Line of the opening fence. */
  readonly line: number
  /** The block's text, its indentation (a block inside a list item) removed. */
  readonly code: string
}

export interface Link {
  readonly target: string
  readonly line: number
}

const FENCE = /^( *)(`{3,}|~{3,})\s*([^`\s]*)(.*)$/

/** Every fenced code block of a document. An unclosed fence runs to the end, as renderers do. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n')
  const blocks: CodeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!)
    if (!open) continue
    const [, indent = '', fence = '', language = '', rest = ''] = open
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const line = lines[j]!
      if (isClosing(line, fence)) break
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())
    }
    const note = rest.trim()
    blocks.push({
      language: language.toLowerCase(),
      flags: note.split(/[\s:,]+/).filter(Boolean),
      note,
      line: i + 1,
      code: body.join('\n'),
    })
    i = j
  }
  return blocks
}

/** The document with fenced blocks, inline code and HTML comments blanked, line count kept. */
export function proseOnly(markdown: string): string {
  return blankFences(markdown)
    .split('\n')
    .map((line) => line.replace(/(`+)[^`]*?\1/g, ''))
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ''))
}

/** Inline links `[text](target)` and reference definitions `[x]: target`, outside code. */
export function links(markdown: string): Link[] {
  const found: Link[] = []
  proseOnly(markdown)
    .split('\n')
    .forEach((line, index) => {
      for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        found.push({ target: match[1]!, line: index + 1 })
      }
      const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line)
      if (definition) found.push({ target: definition[1]!, line: index + 1 })
    })
  return found
}

/** The anchors GitHub gives the document's headings (`## Region failures: throw \`X\`` → `region-failures-throw-x`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const line of blankFences(markdown).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading) continue
    const slug = githubSlug(heading[1]!)
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** GitHub's heading slug: the rendered text lower-cased, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/**
 * The lines of the HTML comments that start with `docs-check <word>`, without that first line
 * (`<!-- docs-check prelude (a note) ⏎ declare const x: X ⏎ -->` → `declare const x: X`).
 */
export function checkerComments(markdown: string, word: string): string[] {
  const pattern = new RegExp(`<!--[ \\t]*docs-check ${word}\\b[^\\n]*\\n([\\s\\S]*?)-->`, 'g')
  return [...blankFences(markdown).matchAll(pattern)].map((match) => match[1]!)
}

/** Every line of a fenced block blanked (a heading inside code is no heading), line count kept. */
export function blankFences(markdown: string): string {
  let fence: string | null = null
  return markdown
    .split('\n')
    .map((line) => {
      const open = FENCE.exec(line)
      if (fence === null && open) {
        fence = open[2]!
        return ''
      }
      if (fence !== null) {
        if (isClosing(line, fence)) fence = null
        return ''
      }
      return line
    })
    .join('\n')
}

function isClosing(line: string, fence: string): boolean {
  const trimmed = line.trim()
  return trimmed.startsWith(fence) && /^[`~]+$/.test(trimmed)
}
