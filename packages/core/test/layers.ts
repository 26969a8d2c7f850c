import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import ts from 'typescript'

/**
 * The layers of `packages/core/src`, bottom first (docs/architecture.md draws them). A file may
 * import its own layer or a lower one, never a higher one. Folders of one layer sit beside each
 * other: they may import each other as long as no two import each other (no cycle of folders).
 * The conformance suites and fixtures live in their own package, `@credkit/testing`, which imports
 * `@credkit/core`: only a test (`*.test.ts`, or a file under `test/`) may import it.
 */
export const LAYERS: ReadonlyArray<{ readonly name: string; readonly units: ReadonlyArray<string> }> = [
  { name: 'model', units: ['model/', 'errors.ts', 'region-error.ts', 'validate.ts'] },
  { name: 'ports', units: ['ports/'] },
  { name: 'building blocks', units: ['crypto/', 'x509/', 'acme/', 'hosts/'] },
  { name: 'domain', units: ['domain/', 'audit/', 'roles/'] },
  { name: 'context', units: ['context/'] },
  { name: 'sync engine', units: ['sync/'] },
  { name: 'use cases', units: ['service/'] },
  { name: 'public surface', units: ['index.ts'] },
]

/** A relative import of one source file by another, both as paths under `src/` (`sync/outbox.ts`). */
export interface Import {
  readonly from: string
  readonly to: string
  /** As written in the source (`'../service/context.js'`). */
  readonly specifier: string
}

/** The unit (top-level folder, or top-level file with its test) a path under `src/` belongs to. */
export function unitOf(path: string): string {
  const slash = path.indexOf('/')
  return slash === -1 ? path.replace(/\.test\.ts$/, '.ts') : path.slice(0, slash + 1)
}

/** The index in `LAYERS` of a path under `src/`; throws for a unit no layer lists. */
export function layerOf(path: string): number {
  const unit = unitOf(path)
  const layer = LAYERS.findIndex((l) => l.units.includes(unit))
  if (layer === -1) throw new Error(`src/${path}: ${unit} is in no layer; add it to LAYERS in test/layers.ts`)
  return layer
}

/** Every `.ts` file under `root`, as paths relative to it with `/` separators. */
export function sourceFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.ts')) out.push(relative(root, full).split('\\').join('/'))
    }
  }
  walk(root)
  return out.sort()
}

/**
 * The relative imports of `path` (under `root`) that name a TypeScript source: `import`,
 * `import type`, `export … from` and `import('…')`, as the TypeScript compiler reads them.
 */
export function importsOf(root: string, path: string): Import[] {
  const text = readFileSync(join(root, path), 'utf8')
  const info = ts.preProcessFile(text, true, true)
  const out: Import[] = []
  for (const { fileName: specifier } of info.importedFiles) {
    if (!specifier.startsWith('.')) continue
    const target = posix.normalize(posix.join(posix.dirname(path), specifier))
    if (!/\.(js|ts)$/.test(target)) continue
    out.push({ from: path, to: target.replace(/\.js$/, '.ts'), specifier })
  }
  return out
}

/** Imports that run up a layer. */
export function upwardImports(imports: ReadonlyArray<Import>): string[] {
  const problems: string[] = []
  for (const i of imports) {
    const from = layerOf(i.from)
    const to = layerOf(i.to)
    if (to > from) {
      problems.push(
        `src/${i.from} (${LAYERS[from]!.name}) imports '${i.specifier}' (${LAYERS[to]!.name}): an import must not run up a layer`,
      )
    }
  }
  return problems
}

/** The package imports (`@scope/name…`) of `path` (under `root`), as `from` and `specifier`. */
export function packageImportsOf(root: string, path: string): Array<{ from: string; specifier: string }> {
  const info = ts.preProcessFile(readFileSync(join(root, path), 'utf8'), true, true)
  return info.importedFiles
    .filter(({ fileName }) => !fileName.startsWith('.') && !fileName.startsWith('node:'))
    .map(({ fileName }) => ({ from: path, specifier: fileName }))
}

/** Imports of `@credkit/testing` outside tests: it imports the core, so the core never ships with it. */
export function testPackageImports(imports: ReadonlyArray<{ from: string; specifier: string }>): string[] {
  return imports
    .filter((i) => /^@credkit\/testing(\/|$)/.test(i.specifier) && !i.from.endsWith('.test.ts'))
    .map((i) => `src/${i.from} imports '${i.specifier}': only tests may use the conformance suites`)
}

/** One cycle of `edges` as a path `a → b → a`, or null when the graph has none. */
export function findCycle(edges: ReadonlyMap<string, ReadonlyArray<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): string[] | null => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next]
      if (!state.has(next)) {
        const cycle = visit(next)
        if (cycle) return cycle
      }
    }
    stack.pop()
    state.set(node, 'done')
    return null
  }
  for (const node of [...edges.keys()].sort()) {
    if (state.has(node)) continue
    const cycle = visit(node)
    if (cycle) return cycle
  }
  return null
}

/** The graph of files, and the graph of units (an edge when some file of one imports the other). */
export function graphs(imports: ReadonlyArray<Import>): {
  files: Map<string, string[]>
  units: Map<string, string[]>
} {
  const files = new Map<string, string[]>()
  const units = new Map<string, string[]>()
  const add = (graph: Map<string, string[]>, from: string, to: string) => {
    const list = graph.get(from) ?? []
    if (!list.includes(to)) list.push(to)
    graph.set(from, list)
  }
  for (const i of imports) {
    add(files, i.from, i.to)
    if (unitOf(i.from) !== unitOf(i.to)) add(units, unitOf(i.from), unitOf(i.to))
  }
  return { files, units }
}

/** The imports of the unit-level cycle `cycle` (`['sync/', 'service/', 'sync/']`), each named. */
export function importsAlong(imports: ReadonlyArray<Import>, cycle: ReadonlyArray<string>): string[] {
  const out: string[] = []
  for (let k = 0; k + 1 < cycle.length; k++) {
    const hop = imports.find((i) => unitOf(i.from) === cycle[k] && unitOf(i.to) === cycle[k + 1])
    if (hop) out.push(`src/${hop.from} imports '${hop.specifier}'`)
  }
  return out
}

/** The source root of `@credkit/core`. */
export const SRC = join(dirname(new URL(import.meta.url).pathname), '../src')
