import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Context } from 'hono'

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url))

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

/**
 * Everything the page needs comes from this server: the policy forbids any other origin for
 * scripts, styles, fonts, images and requests (the machines running it have no internet anyway).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

/** Serves the buildless page: `public/` as it is, `index.html` for `/`. */
export async function serveStatic(c: Context) {
  const path = c.req.path === '/' ? '/index.html' : c.req.path
  const file = normalize(join(PUBLIC_DIR, path))
  const type = TYPES[extname(file)]
  if (!file.startsWith(PUBLIC_DIR.endsWith(sep) ? PUBLIC_DIR : PUBLIC_DIR + sep) || !type) return c.notFound()
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    return c.notFound()
  }
  c.header('Content-Type', type)
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Cache-Control', 'no-cache')
  return c.body(new Uint8Array(body))
}
