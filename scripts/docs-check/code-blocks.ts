import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DocFile } from './doc-files.js'
import { checkerComments, codeBlocks } from './markdown.js'

/**
 * How a ```ts block is checked, from the word after the language in its fence:
 * - none: a complete program, type-checked on its own and run against the memory adapter;
 * - `no-run`: a complete program, type-checked, not run (it needs a real server; the words after
 *   `no-run` say which, and the test lists these blocks);
 * - `fragment`: type-checked with the fragment globals (`credentials`, `admin`, `storage`… see
 *   fragment-globals.ts) and the doc's `<!-- docs-check prelude … -->` comment, not run.
 */
export type BlockMode = 'program' | 'no-run' | 'fragment'

export interface DocBlock {
  readonly doc: string
  /** Line of the opening fence in the doc. */
  readonly line: number
  readonly mode: BlockMode
  /** The words after the mode (why a block is not run). */
  readonly reason: string
  readonly code: string
  /** Declarations placed before a fragment (the doc's prelude comments); empty for programs. */
  readonly prelude: string
  /** Where the block is written: a file name in the temporary folder. */
  readonly fileName: string
}

const MODES: Record<string, BlockMode> = { fragment: 'fragment', 'no-run': 'no-run' }
const TYPESCRIPT = new Set(['ts', 'typescript'])

/** Every TypeScript block of the docs, and the fences whose mode word is unknown. */
export function docBlocks(docs: ReadonlyArray<DocFile>): { blocks: DocBlock[]; problems: string[] } {
  const blocks: DocBlock[] = []
  const problems: string[] = []
  for (const doc of docs) {
    const prelude = checkerComments(doc.text, 'prelude').join('\n').trim()
    for (const block of codeBlocks(doc.text)) {
      if (!TYPESCRIPT.has(block.language)) continue
      const [word, ...rest] = block.note.split(/\s+/).filter(Boolean)
      const mode = word === undefined ? 'program' : MODES[word.replace(/:$/, '')]
      if (mode === undefined) {
        problems.push(
          `${doc.path}:${block.line}: unknown block mode "${word}" after the language (use fragment or no-run)`,
        )
        continue
      }
      blocks.push({
        doc: doc.path,
        line: block.line,
        mode,
        reason: rest.join(' '),
        code: block.code,
        prelude: mode === 'fragment' ? prelude : '',
        fileName: `${doc.path.replace(/[/.]/g, '-')}-L${block.line}.ts`,
      })
    }
  }
  return { blocks, problems }
}

/** The source written for a block: the prelude's lines, then the block's. */
export function blockSource(block: DocBlock): { text: string; preludeLines: number } {
  if (!block.prelude) return { text: `${block.code}\n`, preludeLines: 0 }
  return { text: `${block.prelude}\n${block.code}\n`, preludeLines: block.prelude.split('\n').length }
}

/** Writes every block into `dir` and returns the absolute path of each block's file. */
export function writeBlocks(dir: string, blocks: ReadonlyArray<DocBlock>): Map<DocBlock, string> {
  const files = new Map<DocBlock, string>()
  for (const block of blocks) {
    const path = join(dir, block.fileName)
    writeFileSync(path, blockSource(block).text)
    files.set(block, path)
  }
  return files
}

/** `README.md:42 (block at line 39)` for a line of a block's written file (0-based), or the prelude it came from. */
export function docPosition(block: DocBlock, fileLine: number): string {
  const { preludeLines } = blockSource(block)
  if (fileLine < preludeLines) return `${block.doc} (docs-check prelude, for the block at line ${block.line})`
  return `${block.doc}:${block.line + 1 + fileLine - preludeLines} (block at line ${block.line})`
}
