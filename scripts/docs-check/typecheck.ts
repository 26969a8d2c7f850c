import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { type DocBlock, docPosition } from './code-blocks.js'
import { REPO } from './doc-files.js'
import { FRAGMENT_GLOBALS } from './fragment-globals.js'
import { mirrorProblems } from './mirror.js'

/**
 * Type-checks the written blocks against the packages' sources (the root tsconfig's options, so
 * `@credkit/*` resolves through the `@credkit/source` condition). Two programs share one parse of
 * every file: complete programs alone, fragments with the fragment globals. Returns one line per
 * problem, naming the doc and line.
 */
export function typecheckBlocks(dir: string, files: ReadonlyMap<DocBlock, string>): string[] {
  const options = rootCompilerOptions()
  const host = cachingHost(options)
  const globals = join(dir, 'fragment-globals.d.ts')
  writeFileSync(globals, FRAGMENT_GLOBALS)
  const problems: string[] = []
  const groups: Array<[DocBlock[], string[]]> = [
    [[...files.keys()].filter((b) => b.mode !== 'fragment'), []],
    [[...files.keys()].filter((b) => b.mode === 'fragment'), [globals]],
  ]
  for (const [blocks, extra] of groups) {
    if (blocks.length === 0) continue
    const byPath = new Map(blocks.map((block) => [files.get(block)!, block]))
    const program = ts.createProgram([...byPath.keys(), ...extra], options, host)
    problems.push(...ts.sortAndDeduplicateDiagnostics(program.getGlobalDiagnostics()).map((d) => format(d)))
    for (const [path, block] of byPath) {
      const source = program.getSourceFile(path)!
      const diagnostics = [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ]
      for (const diagnostic of diagnostics) {
        const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line
        problems.push(`${docPosition(block, line)}: ${format(diagnostic)}`)
      }
      for (const mirror of mirrorProblems(program, source, options, host)) {
        problems.push(`${docPosition(block, mirror.line)}: ${mirror.message}`)
      }
    }
  }
  return problems
}

function format(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')}`
}

function rootCompilerOptions(): ts.CompilerOptions {
  const configPath = join(REPO, 'tsconfig.json')
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile)
  if (error) throw new Error(`tsconfig.json: ${format(error)}`)
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, REPO, undefined, configPath)
  return { ...parsed.options, noEmit: true, declaration: false }
}

/** A compiler host that parses each file once for every program of the run. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true)
  const cache = new Map<string, ts.SourceFile | undefined>()
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`
    if (!cache.has(key)) cache.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate))
    return cache.get(key)
  }
  return host
}
