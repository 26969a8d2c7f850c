import { describe, expect, it } from 'vitest'
import { docBlocks } from './code-blocks.js'
import { errorCodes, errorFields } from './error-codes.js'
import { codeSections, errorTable } from './errors-doc.js'
import { brokenLinks } from './links.js'

// The checks on made-up docs: each must catch what it is there to catch.
describe('the doc checks', () => {
  it('report a missing file, a missing anchor and a link out of the repository', () => {
    const doc = {
      path: 'docs/made-up.md',
      text: '[ok](errors.md#not_found) [gone](nothing.md) [anchor](errors.md#no-such) [up](../../x) [web](https://x.y/z#q)',
    }
    expect(brokenLinks([doc])).toEqual([
      'docs/made-up.md:1: link nothing.md: docs/nothing.md does not exist',
      'docs/made-up.md:1: link errors.md#no-such: docs/errors.md has no heading with the anchor #no-such',
      'docs/made-up.md:1: link ../../x leaves the repository',
    ])
  })

  it('refuse a block mode they do not know', () => {
    const { blocks, problems } = docBlocks([
      {
        path: 'x.md',
        text: '```ts fragmnet\nconst a = 1\n```\n```ts no-run: needs a server\nconst b = 2\n```',
      },
    ])
    expect(problems).toEqual([
      'x.md:1: unknown block mode "fragmnet" after the language (use fragment or no-run)',
    ])
    expect(blocks).toMatchObject([{ mode: 'no-run', reason: 'needs a server', line: 4 }])
  })

  it('read the error codes and fields from the source, whatever they are', () => {
    const source = `export type CredentialsErrorCode = 'A_CODE' | 'B_CODE'
export class CredentialsError extends Error { readonly code = 'A_CODE'; readonly extra: number = 1 }`
    expect(errorCodes(source)).toEqual(['A_CODE', 'B_CODE'])
    expect(errorFields(source)).toEqual(['code', 'extra', 'message', 'cause'])
  })

  it('read the code sections and the HTTP table of an errors doc', () => {
    const doc =
      '## A_CODE\n\n| code | HTTP | fields |\n|---|---|---|\n| `A_CODE` | 409 | `field`, `retryable` |\n\n## B_CODE\n'
    expect(codeSections(doc)).toEqual(['A_CODE', 'B_CODE'])
    expect(errorTable(doc)).toEqual([
      { code: 'A_CODE', http: '409', fields: ['field', 'retryable'], line: 5 },
    ])
  })
})
