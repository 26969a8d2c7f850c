import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { REPO } from './doc-files.js'

const ERRORS_TS = join(REPO, 'packages/core/src/errors.ts')

/** The members of the `CredentialsErrorCode` union, read from the source. */
export function errorCodes(source = readFileSync(ERRORS_TS, 'utf8')): string[] {
  const file = ts.createSourceFile('errors.ts', source, ts.ScriptTarget.Latest)
  const alias = file.statements.find(
    (s): s is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(s) && s.name.text === 'CredentialsErrorCode',
  )
  if (!alias) throw new Error('packages/core/src/errors.ts declares no type CredentialsErrorCode')
  const members = ts.isUnionTypeNode(alias.type) ? alias.type.types : [alias.type]
  return members.map((member) => {
    if (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal)) return member.literal.text
    throw new Error(`CredentialsErrorCode has a member that is no string literal: ${member.getText(file)}`)
  })
}

/** The properties a `CredentialsError` carries: its own fields, and `message` and `cause` from Error. */
export function errorFields(source = readFileSync(ERRORS_TS, 'utf8')): string[] {
  const file = ts.createSourceFile('errors.ts', source, ts.ScriptTarget.Latest)
  const error = file.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'CredentialsError',
  )
  if (!error) throw new Error('packages/core/src/errors.ts declares no class CredentialsError')
  const own = error.members
    .filter(ts.isPropertyDeclaration)
    .filter((p) => !p.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword))
    .map((p) => p.name.getText(file))
  return [...own, 'message', 'cause']
}
