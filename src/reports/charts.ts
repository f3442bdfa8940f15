/**
 * Bar charts as numbers for the SVG view (`views/reports/_chart.eta` draws them): each category is one
 * column of stacked bars, scaled to a round maximum. No markup here; the same series make the data table.
 */
export interface Series {
  name: string
  /** The CSS class that colours it (`outcome-answered`, …). */
  key: string
  values: number[]
  /** How a value reads in the table and the bar's tooltip (a count, a percentage). */
  format?: 'count' | 'percent'
}

export interface Chart {
  id: string
  title: string
  categories: string[]
  series: Series[]
  width: number
  height: number
  plot: { left: number; top: number; width: number; height: number }
  bars: { x: number; y: number; width: number; height: number; key: string; label: string }[]
  ticks: { y: number; label: string }[]
  labels: { x: number; label: string }[]
  /** Which category labels are drawn (every nth when there are many). */
  empty: boolean
}

const size = { width: 720, height: 260, left: 48, right: 12, top: 12, bottom: 36 }

export function formatValue(value: number | null, format: Series['format'] = 'count'): string {
  if (value === null) return '—'
  return format === 'percent' ? `${Math.round(value * 1000) / 10}%` : String(value)
}

/** A round scale maximum at or above `value` (1, 2, 5 × 10ⁿ). */
function niceMax(value: number): number {
  if (value <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power
}

export function stackedBars(id: string, title: string, categories: string[], series: Series[], fixedMax?: number): Chart {
  const plot = { left: size.left, top: size.top, width: size.width - size.left - size.right, height: size.height - size.top - size.bottom }
  const totals = categories.map((_, index) => series.reduce((sum, one) => sum + (one.values[index] ?? 0), 0))
  const max = fixedMax ?? niceMax(Math.max(0, ...totals))
  const slot = plot.width / Math.max(1, categories.length)
  const barWidth = Math.max(2, slot * 0.7)
  const scale = (value: number) => (value / max) * plot.height
  const bars: Chart['bars'] = []
  categories.forEach((category, index) => {
    let base = plot.top + plot.height
    for (const one of series) {
      const value = one.values[index] ?? 0
      if (value <= 0) continue
      const height = scale(value)
      base -= height
      bars.push({ x: round(plot.left + index * slot + (slot - barWidth) / 2), y: round(base), width: round(barWidth), height: round(height), key: one.key, label: `${category}: ${one.name} ${formatValue(value, one.format)}` })
    }
  })
  const percent = series.every((one) => one.format === 'percent')
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => ({ y: round(plot.top + plot.height - share * plot.height), label: percent ? `${Math.round(share * max * 100)}%` : formatTick(share * max) }))
  const every = Math.ceil(categories.length / 16)
  const labels = categories.flatMap((label, index) => (index % every === 0 ? [{ x: round(plot.left + index * slot + slot / 2), label }] : []))
  return { id, title, categories, series, width: size.width, height: size.height, plot, bars, ticks, labels, empty: totals.every((total) => total === 0) }
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
