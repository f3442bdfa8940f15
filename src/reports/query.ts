import { z } from 'zod'

const isoDate = z.iso.date({ message: 'Dates look like 2025-01-31.' })

const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])

/** The reports' query as typed in its form; blank fields take the defaults (the last 7 days, every queue). */
export const reportFiltersSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    queue: z.coerce.number({ message: 'Pick a queue from the list.' }).int().positive('Pick a queue from the list.').max(2_147_483_647).optional(),
    tz: z.string().refine((zone) => timeZones.has(zone), 'Pick a time zone like Europe/Paris.').optional(),
  })
  .refine(({ from, to }) => !from || !to || from <= to, { message: 'The "to" date is before the "from" date.', path: ['to'] })
  .refine(({ from, to }) => !from || !to || daysBetween(from, to) <= 366, { message: 'A report covers at most 366 days.', path: ['to'] })

export interface ReportFilters {
  from: string
  to: string
  queue: number | null
  tz: string
}

export type ParsedReportFilters = { ok: true; filters: ReportFilters } | { ok: false; errors: Record<string, string>; raw: Record<string, string> }

/** Parses the query; `defaultZone` is the team's time zone, `now` decides the default period. */
export function parseReportFilters(query: unknown, defaultZone: string, now = new Date()): ParsedReportFilters {
  const raw = Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).filter(([, value]) => value !== '' && value !== undefined).map(([key, value]) => [key, String(value)]))
  const parsed = reportFiltersSchema.safeParse(raw)
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'query')] ??= issue.message
    return { ok: false, errors, raw }
  }
  const tz = parsed.data.tz ?? (timeZones.has(defaultZone) ? defaultZone : 'UTC')
  const today = localDate(now, tz)
  const to = parsed.data.to ?? (parsed.data.from && parsed.data.from > today ? parsed.data.from : today)
  const from = parsed.data.from ?? addDays(to, -6)
  return { ok: true, filters: { from, to, queue: parsed.data.queue ?? null, tz } }
}

/** The query string of the same filters (for the CSV links and the form). */
export function reportQueryString(filters: ReportFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to, tz: filters.tz, ...(filters.queue ? { queue: String(filters.queue) } : {}), ...extra })
  return `?${params.toString()}`
}

/** The calendar date at `at` in `timeZone`, YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
