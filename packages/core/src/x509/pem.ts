/** One PEM block: its label and decoded DER, or why the body could not be decoded. */
export type PemBlock =
  | { readonly label: string; readonly der: Uint8Array; readonly encrypted: false }
  | { readonly label: string; readonly der: null; readonly encrypted: boolean }

/** The blocks of a PEM text, or why it is not PEM at all. */
export type PemReadResult =
  | { readonly ok: true; readonly blocks: PemBlock[] }
  | { readonly ok: false; readonly reason: 'binary' | 'no-block' | 'unterminated' }

const BEGIN = '-----BEGIN '
const DASHES = '-----'
const LABEL = /^[A-Z0-9](?:[A-Z0-9 #./-]{0,62}[A-Z0-9])?$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const HEADER = /^[A-Za-z0-9-]+:/

/**
 * Splits PEM text into blocks (RFC 7468, with RFC 1421 headers tolerated so `Proc-Type:
 * 4,ENCRYPTED` can be recognised). Text between blocks is ignored. Runs in linear time and never
 * throws.
 */
export function readPem(text: string): PemReadResult {
  const blocks: PemBlock[] = []
  let position = 0
  for (;;) {
    const begin = text.indexOf(BEGIN, position)
    if (begin === -1) break
    const labelEnd = text.indexOf(DASHES, begin + BEGIN.length)
    if (labelEnd === -1) return { ok: false, reason: 'unterminated' }
    const label = text.slice(begin + BEGIN.length, labelEnd)
    if (!LABEL.test(label)) return { ok: false, reason: 'unterminated' }
    const endMarker = `-----END ${label}-----`
    const end = text.indexOf(endMarker, labelEnd + DASHES.length)
    if (end === -1) return { ok: false, reason: 'unterminated' }
    const body = text.slice(labelEnd + DASHES.length, end)
    if (body.includes(DASHES)) return { ok: false, reason: 'unterminated' }
    blocks.push(decodeBody(label, body))
    position = end + endMarker.length
  }
  if (blocks.length > 0) return { ok: true, blocks }
  return { ok: false, reason: looksBinary(text) ? 'binary' : 'no-block' }
}

/** Encodes DER as a PEM block with 64-character lines and a trailing newline. */
export function writePem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64')
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

function decodeBody(label: string, body: string): PemBlock {
  const lines = body.split(/\r?\n|\r/).map((line) => line.trim())
  const headers: string[] = []
  while (lines.length > 0 && (lines[0] === '' || HEADER.test(lines[0] ?? ''))) {
    const line = lines.shift() ?? ''
    if (line !== '') headers.push(line)
  }
  const encrypted = headers.some((h) => /^Proc-Type:\s*4\s*,\s*ENCRYPTED\s*$/i.test(h))
  if (headers.length > 0) return { label, der: null, encrypted }
  const base64 = lines.join('').replace(/[ \t]/g, '')
  if (base64 === '' || base64.length % 4 !== 0 || !BASE64.test(base64)) {
    return { label, der: null, encrypted: false }
  }
  return { label, der: new Uint8Array(Buffer.from(base64, 'base64')), encrypted: false }
}

/** Binary DER pasted as text: C0 controls other than tab, CR and LF, or U+FFFD from a bad decode. */
function looksBinary(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) return true
  }
  return false
}
