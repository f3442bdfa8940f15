/** `--agents 20` on the command line, else `BENCH_AGENTS=20` in the environment, else the default. */
export function numberOption(name: string, fallback: number): number {
  const flag = process.argv.indexOf(`--${name}`)
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`]
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`)
  return value
}

/** `--instances 1,2` (or BENCH_INSTANCES=1,2): positive whole numbers. */
export function listOption(name: string, fallback: number[]): number[] {
  const flag = process.argv.indexOf(`--${name}`)
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`]
  if (raw === undefined) return fallback
  const values = raw.split(',').map(Number)
  if (values.some((value) => !Number.isInteger(value) || value <= 0)) throw new Error(`--${name} must be a list like 1,2, got ${raw}`)
  return values
}

/** `--sustained` on the command line, or BENCH_SUSTAINED=1. */
export function flagOption(name: string): boolean {
  return process.argv.includes(`--${name}`) || ['1', 'true'].includes(process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? '')
}
