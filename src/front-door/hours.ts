/**
 * Business hours, read in the team's IANA time zone with `Intl` (no library: the runtime's time-zone
 * database knows every zone and its daylight-saving changes). Nothing here does I/O.
 */

/** One weekday's opening hours (0 Sunday … 6 Saturday), in minutes after local midnight; closes may be 1440 (24:00). */
export interface OpeningHours {
  weekday: number
  opensAt: number
  closesAt: number
}

export interface Hours {
  timeZone: string
  override: 'open' | 'closed' | null
  days: readonly OpeningHours[]
  /** Local dates (YYYY-MM-DD) on which the team is closed, with their names. */
  holidays: ReadonlyMap<string, string>
  afterHoursMessage: string
}

export interface LocalTime {
  date: string
  weekday: number
  minute: number
}

export type HoursState = { open: boolean; why: 'always' | 'forced' | 'holiday' | 'schedule'; holiday?: string }

const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock date, weekday and minute of the day at `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: weekdays[parts.weekday!] ?? 0, minute: Number(parts.hour) * 60 + Number(parts.minute) }
}

/** Open or closed at `at`, and why. No hours configured: always open. */
export function hoursState(hours: Hours | null, at: Date): HoursState {
  if (!hours) return { open: true, why: 'always' }
  if (hours.override) return { open: hours.override === 'open', why: 'forced' }
  const local = localTime(at, hours.timeZone)
  const holiday = hours.holidays.get(local.date)
  if (holiday !== undefined) return { open: false, why: 'holiday', holiday }
  const day = hours.days.find((d) => d.weekday === local.weekday)
  return { open: Boolean(day && local.minute >= day.opensAt && local.minute < day.closesAt), why: 'schedule' }
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name)
    return true
  } catch {
    return false
  }
}

/** "09:30" → 570; "24:00" → 1440; anything else → null. */
export function minutesOf(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text)
  if (!match) return null
  const minutes = Number(match[1]) * 60 + Number(match[2])
  return minutes <= 1440 ? minutes : null
}

export function clockOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    formatters.set(timeZone, format)
  }
  return format
}
