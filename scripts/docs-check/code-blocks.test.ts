import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { docBlocks, writeBlocks } from './code-blocks.js'
import { docFiles, REPO } from './doc-files.js'
import { typecheckBlocks } from './typecheck.js'

// Every ```ts block of README.md, docs/*.md and packages/*/README.md, written to a temporary
// folder that sees the repository's node_modules (so `@credkit/*` resolves to the sources).
const { blocks, problems: fenceProblems } = docBlocks(docFiles())
const dir = mkdtempSync(join(tmpdir(), 'credkit-doc-blocks-'))
symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir')
const files = writeBlocks(dir, blocks)
const programs = blocks.filter((block) => block.mode === 'program')
const notRun = blocks.filter((block) => block.mode === 'no-run')

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  if (notRun.length > 0) {
    const lines = notRun.map(
      (block) => `  ${block.doc}:${block.line}${block.reason ? ` (${block.reason})` : ''}`,
    )
    console.log(`Doc blocks type-checked but not run (no-run):\n${lines.join('\n')}`)
  }
})

describe('TypeScript blocks in the docs', () => {
  it('finds the blocks', () => {
    expect(blocks.length).toBeGreaterThan(0)
    expect(fenceProblems).toEqual([])
  })

  it('type-checks every block against the packages’ sources', () => {
    expect(typecheckBlocks(dir, files)).toEqual([])
  })

  it.each(programs.map((block) => [`${block.doc}:${block.line}`, block] as const))(
    'runs the complete program at %s',
    async (_name, block) => {
      // A program that writes files (PGlite's data folder) writes them in the temporary folder.
      const cwd = process.cwd()
      process.chdir(dir)
      try {
        await import(pathToFileURL(files.get(block)!).href)
      } finally {
        process.chdir(cwd)
      }
    },
  )
})
