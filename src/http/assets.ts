import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join, normalize, sep } from 'node:path'
import { projectRoot } from '../paths.ts'

export const publicDir = join(projectRoot, 'public')

/** The browser files we take from packages, served at /assets/<name>. */
export const vendored: Record<string, string> = {
  'htmx.js': join(projectRoot, 'node_modules/htmx.org/dist/htmx.min.js'),
  'hx-ws.js': join(projectRoot, 'node_modules/htmx.org/dist/ext/hx-ws.min.js'),
  'twilio.js': join(projectRoot, 'node_modules/@twilio/voice-sdk/dist/twilio.min.js'),
}

const immutable = 'public, max-age=31536000, immutable'
const revalidate = 'no-cache'
const hashes = new Map<string, { stamp: string; hash: string }>()

/**
 * The URL a page uses for one of our files: `/assets/htmx.js?v=<content hash>`. A new package
 * version or an edited file changes the URL, so the answer to a versioned URL may be kept forever.
 * Paths we do not serve (the simulator's `/sim/device.js`) are left as they are.
 */
export function assetUrl(path: string): string {
  const file = fileFor(path)
  return file ? `${path}?v=${versionOf(file)}` : path
}

/** Versioned URLs are immutable; the bare URL (or an old version's) is revalidated with its ETag. */
export function cacheControlFor(file: string, version: unknown): string {
  return version === versionOf(file) ? immutable : revalidate
}

function fileFor(path: string): string | undefined {
  if (path.startsWith('/assets/')) return vendored[path.slice('/assets/'.length)]
  if (!path.startsWith('/public/')) return undefined
  const file = normalize(join(publicDir, path.slice('/public/'.length)))
  return file.startsWith(publicDir + sep) ? file : undefined
}

/** Cached per file and re-read when the file changes (development edits public/ while running). */
function versionOf(file: string): string {
  const { mtimeMs, size } = statSync(file)
  const stamp = `${mtimeMs}:${size}`
  const known = hashes.get(file)
  if (known?.stamp === stamp) return known.hash
  const hash = createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 12)
  hashes.set(file, { stamp, hash })
  return hash
}
