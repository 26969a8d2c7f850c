import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface DocFile {
  /** Path from the repository root, with `/` (`docs/errors.md`). */
  readonly path: string
  readonly text: string
}

/** The documents the checks cover: `README.md`, `docs/*.md` and `packages/*\/README.md`. */
export function docFiles(): DocFile[] {
  const paths = [
    join(REPO, 'README.md'),
    ...markdownIn(join(REPO, 'docs')),
    ...readdirSync(join(REPO, 'packages'))
      .sort()
      .map((name) => join(REPO, 'packages', name, 'README.md'))
      .filter((path) => existsSync(path)),
  ]
  return paths.map((path) => ({
    path: relative(REPO, path).split('\\').join('/'),
    text: readFileSync(path, 'utf8'),
  }))
}

function markdownIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(folder, name))
}
