import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'

export interface Row {
  name: string
  samples: number[]
  unit?: string
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1)
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, mean }
}

const fixed = (value: number) => (Number.isNaN(value) ? '–' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))

/** A markdown table of latency rows (ms unless a row says otherwise), ready to paste into RESULTS.md. */
export function latencyTable(rows: Row[]): string {
  const lines = ['| measure | n | p50 | p95 | p99 | max | mean |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |']
  for (const row of rows) {
    const s = summary(row.samples)
    const unit = row.unit ?? 'ms'
    lines.push(`| ${row.name} (${unit}) | ${s.n} | ${fixed(s.p50)} | ${fixed(s.p95)} | ${fixed(s.p99)} | ${fixed(s.max)} | ${fixed(s.mean)} |`)
  }
  return lines.join('\n')
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cell = (value: string | number) => (typeof value !== 'number' ? value : Number.isInteger(value) ? String(value) : fixed(value))
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n')
}

export function commit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim()
  try {
    const dirty = git('status', '--porcelain', '--', 'src', 'views', 'prisma') !== ''
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted src changes' : ''}`
  } catch {
    return 'unknown'
  }
}

const loadAtStart = loadavg()[0] ?? 0

/** The header every benchmark prints: what ran, where, on what. */
export function header(title: string, database: string, parameters: Record<string, string | number>): string {
  const cpu = cpus()
  return [
    `## ${title}`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- commit: ${commit()}`,
    `- machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}`,
    `- database: ${database}`,
    `- 1-min load average: ${loadAtStart.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end (anything above ~0.5 besides this run means a shared machine)`,
    `- parameters: ${Object.entries(parameters).map(([key, value]) => `${key}=${value}`).join(', ') || 'defaults'}`,
    '',
  ].join('\n')
}

export const now = () => performance.now()
