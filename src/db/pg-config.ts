import type { PoolConfig } from 'pg'

// pg lets a connectionString override every other field, so anything that must
// change one field (like the database name) needs the URL split into parts.
export function pgConfig(url: string): PoolConfig {
  const parsed = new URL(url)
  const params = parsed.searchParams
  return {
    host: params.get('host') ?? (decodeURIComponent(parsed.hostname) || 'localhost'),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || undefined,
    ssl: sslFor(params.get('sslmode')),
  }
}

function sslFor(mode: string | null): PoolConfig['ssl'] {
  if (mode === null || mode === 'disable') return false
  if (mode === 'no-verify') return { rejectUnauthorized: false }
  return true
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}
