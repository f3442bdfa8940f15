const fallback = '/panel'
const base = 'http://switchboard.invalid'

/**
 * Where to go after logging in: a path on this site, or the panel. Browsers drop tabs and newlines
 * from URLs and read `\` as `/`, so `/\t/evil.example` and `/\evil.example` are other sites to them;
 * the candidate is parsed as a browser would and only a same-origin path that cannot be read as
 * `//host` survives, re-serialised (percent-encoded) from the parsed URL.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return fallback
  const candidate = next.replace(/[\u0000-\u001f\u007f]/g, '')
  if (!candidate.startsWith('/') || /^\/[/\\]/.test(candidate)) return fallback
  let url: URL
  try {
    url = new URL(candidate, base)
  } catch {
    return fallback
  }
  const path = `${url.pathname}${url.search}${url.hash}`
  return url.origin === base && !/^\/[/\\]/.test(path) ? path : fallback
}
