import ts from 'typescript'

export interface MirrorProblem {
  /** 0-based line of the declaration in the block's file. */
  readonly line: number
  readonly message: string
}

/**
 * A block that declares an interface or type named like a type `@credkit/core` exports (a doc
 * showing `interface SyncStatus { … }`) must describe that type: each must be assignable to the
 * other, so a field added, removed or retyped in the code fails the doc. Generic declarations and
 * names core does not export are left alone.
 */
export function mirrorProblems(
  program: ts.Program,
  source: ts.SourceFile,
  options: ts.CompilerOptions,
  host: ts.ModuleResolutionHost,
): MirrorProblem[] {
  const checker = program.getTypeChecker()
  const exports = coreExports(program, source.fileName, options, host)
  if (!exports) return []
  const problems: MirrorProblem[] = []
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) continue
    if (statement.typeParameters?.length) continue
    const exported = exports.get(statement.name.text)
    if (!exported) continue
    const real = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    if (!(real.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Class))) continue
    const docType = checker.getTypeAtLocation(statement.name)
    const coreType = checker.getDeclaredTypeOfSymbol(real)
    if (checker.isTypeAssignableTo(docType, coreType) && checker.isTypeAssignableTo(coreType, docType))
      continue
    const line = source.getLineAndCharacterOfPosition(statement.name.getStart(source)).line
    problems.push({
      line,
      message: `${statement.name.text} does not match the type @credkit/core exports: ${differences(checker, docType, coreType).join('; ')}`,
    })
  }
  return problems
}

/** Property by property: what the doc lacks, what it adds, what it types differently. */
function differences(checker: ts.TypeChecker, doc: ts.Type, core: ts.Type): string[] {
  const docProps = new Map(checker.getPropertiesOfType(doc).map((p) => [p.name, p]))
  const coreProps = new Map(checker.getPropertiesOfType(core).map((p) => [p.name, p]))
  const found: string[] = []
  for (const name of coreProps.keys()) if (!docProps.has(name)) found.push(`the doc lacks \`${name}\``)
  for (const name of docProps.keys()) if (!coreProps.has(name)) found.push(`core has no \`${name}\``)
  for (const [name, docProp] of docProps) {
    const coreProp = coreProps.get(name)
    if (!coreProp) continue
    const a = checker.getTypeOfSymbol(docProp)
    const b = checker.getTypeOfSymbol(coreProp)
    if (checker.isTypeAssignableTo(a, b) && checker.isTypeAssignableTo(b, a)) continue
    found.push(
      `\`${name}\` is \`${checker.typeToString(a)}\` in the doc, \`${checker.typeToString(b)}\` in core`,
    )
  }
  if (found.length === 0) {
    found.push(`\`${checker.typeToString(doc)}\` and \`${checker.typeToString(core)}\` differ`)
  }
  return found
}

function coreExports(
  program: ts.Program,
  from: string,
  options: ts.CompilerOptions,
  host: ts.ModuleResolutionHost,
): Map<string, ts.Symbol> | null {
  const resolved = ts.resolveModuleName('@credkit/core', from, options, host).resolvedModule
  const file = resolved && program.getSourceFile(resolved.resolvedFileName)
  if (!file) return null
  const checker = program.getTypeChecker()
  const moduleSymbol = checker.getSymbolAtLocation(file)
  if (!moduleSymbol) return null
  return new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]))
}
