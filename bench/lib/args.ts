/** `--agents 20` on the command line, else `BENCH_AGENTS=20` in the environment, else the default. */
export function numberOption(name: string, fallback: number): number {
  const flag = process.argv.indexOf(`--${name}`)
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`]
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`)
  return value
}
