import { z } from 'zod'
import { isTimeZone, minutesOf } from './hours.ts'

/**
 * The admin forms of the Queues, Menu and Hours pages, parsed at the edge. Every field says what is wrong
 * in words; a field sent twice, an array or a control character is an error on that field, never a 5xx.
 */

const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export const text = (label: string, max: number, min = 0) =>
  z
    .string({ message: `${label} must be text.` })
    .transform((value) => value.trim())
    .pipe(z.string().min(min, min === 1 ? `${label} is required.` : `${label} needs at least ${min} characters.`).max(max, `${label} has at most ${max} characters.`))
    .refine((value) => !controls.test(value), `${label} cannot contain control characters.`)

const whole = (label: string, min: number, max: number) =>
  z
    .string({ message: `${label} must be a whole number.` })
    .trim()
    .regex(/^\d{1,9}$/, `${label} must be a whole number.`)
    .transform(Number)
    .pipe(z.number().min(min, `${label} is at least ${min}.`).max(max, `${label} is at most ${max}.`))

const id = (label: string) => whole(label, 1, 2_147_483_647)
const choice = <T extends readonly [string, ...string[]]>(message: string, values: T) => z.enum(values, { message })

/** Checkboxes arrive as nothing, one value or several. */
const checked = z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(id('Agent')).max(1000, 'Too many agents.'))

export const queueForm = z.object({
  name: text('Name', 60, 1),
  greeting: text('Greeting', 500),
  holdMusicUrl: text('Hold music URL', 500, 1).pipe(z.url({ protocol: /^https?$/, message: 'Hold music URL must be an http(s) URL.' })),
  maxWaitSeconds: whole('Longest wait', 0, 86_400),
  overflowAction: choice('Choose what happens after the longest wait.', ['voicemail', 'callback'] as const),
  announceEverySeconds: whole('Announcement interval', 0, 3_600).refine((s) => s === 0 || s >= 10, 'Announce every 10 seconds or more (0: never).'),
  members: checked,
})
export type QueueValues = z.infer<typeof queueForm>

export const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const

const keywords = text('Keywords', 200).transform((value) =>
  value
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean),
).refine((words) => words.length <= 10, 'At most 10 keywords.')

const optionFields = Object.fromEntries(
  digits.flatMap((digit) => [
    [`digit_${digit}_action`, choice(`Choose what ${digit} does.`, ['none', 'queue', 'voicemail'] as const).default('none')],
    [`digit_${digit}_queue`, z.union([z.literal(''), id(`Queue for ${digit}`)]).default('')],
    [`digit_${digit}_keywords`, keywords.default([])],
  ]),
)

export const menuForm = z
  .object({
    greeting: text('Greeting', 1000, 1),
    fallbackAction: choice('Choose the fallback.', ['queue', 'voicemail'] as const),
    fallbackQueueId: id('Fallback queue'),
    ...optionFields,
  })
  .superRefine((form, ctx) => {
    for (const digit of digits) {
      const fields = form as unknown as Record<string, unknown>
      if (fields[`digit_${digit}_action`] !== 'none' && fields[`digit_${digit}_queue`] === '') ctx.addIssue({ code: 'custom', path: [`digit_${digit}_queue`], message: `Choose the queue for ${digit}.` })
    }
  })
  .transform((form): MenuValues => {
    const fields = form as unknown as Record<string, unknown>
    const options = digits
      .filter((digit) => fields[`digit_${digit}_action`] !== 'none')
      .map((digit) => ({ digit, action: fields[`digit_${digit}_action`] as 'queue' | 'voicemail', queueId: fields[`digit_${digit}_queue`] as number, keywords: fields[`digit_${digit}_keywords`] as string[] }))
    return { greeting: String(fields.greeting), fallbackAction: fields.fallbackAction as MenuValues['fallbackAction'], fallbackQueueId: Number(fields.fallbackQueueId), options }
  })

export interface MenuValues {
  greeting: string
  fallbackAction: 'queue' | 'voicemail'
  fallbackQueueId: number
  options: { digit: string; action: 'queue' | 'voicemail'; queueId: number; keywords: string[] }[]
}

const clock = (label: string) => z.string({ message: `${label} must be a time like 09:00.` }).trim().refine((value) => value === '' || minutesOf(value) !== null, `${label} must be a time like 09:00.`)
const weekdays = [0, 1, 2, 3, 4, 5, 6] as const
export const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/** "2026-12-25 Christmas" → the date and its name; null for a line that is not a real date. */
function holidayOf(line: string): { date: string; name: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:\s+(.{1,100}))?$/.exec(line)
  if (!match?.[1] || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)) || new Date(`${match[1]}T00:00:00Z`).toISOString().slice(0, 10) !== match[1]) return null
  return { date: match[1], name: match[2]?.trim() || 'Holiday' }
}

const holidays = text('Holidays', 5000).transform((value, ctx) => {
  const lines = value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean)
  if (lines.length > 100) ctx.addIssue({ code: 'custom', message: 'At most 100 holidays.' })
  const bad = lines.find((line) => !holidayOf(line))
  if (bad) ctx.addIssue({ code: 'custom', message: `“${bad.slice(0, 40)}” is not a date like 2026-12-25 (a name may follow).` })
  const byDate = new Map(lines.map(holidayOf).filter((day) => day !== null).map((day) => [day.date, day.name]))
  return [...byDate].map(([date, name]) => ({ date, name }))
})

export const hoursForm = z
  .object({
    timeZone: text('Time zone', 64, 1).refine(isTimeZone, 'Time zone must be an IANA name such as Europe/Paris or America/New_York.'),
    afterHoursMessage: text('After-hours message', 1000, 1),
    override: choice('Choose schedule, open or closed.', ['schedule', 'open', 'closed'] as const),
    holidays: holidays.default([]),
    ...Object.fromEntries(weekdays.flatMap((day) => [[`opens_${day}`, clock(`${weekdayNames[day]} opening`).default('')], [`closes_${day}`, clock(`${weekdayNames[day]} closing`).default('')]])),
  })
  .superRefine((form, ctx) => {
    const fields = form as unknown as Record<string, string>
    for (const day of weekdays) {
      const [opens, closes] = [fields[`opens_${day}`]!, fields[`closes_${day}`]!]
      if ((opens === '') !== (closes === '')) ctx.addIssue({ code: 'custom', path: [opens ? `closes_${day}` : `opens_${day}`], message: `${weekdayNames[day]}: give both times, or neither (closed).` })
      else if (opens && minutesOf(opens)! >= minutesOf(closes)!) ctx.addIssue({ code: 'custom', path: [`closes_${day}`], message: `${weekdayNames[day]}: closing comes after opening (use 24:00 for midnight).` })
    }
  })
  .transform((form): HoursValues => {
    const fields = form as unknown as Record<string, string>
    const days = weekdays.filter((day) => fields[`opens_${day}`]).map((day) => ({ weekday: day, opensAt: minutesOf(fields[`opens_${day}`]!)!, closesAt: minutesOf(fields[`closes_${day}`]!)! }))
    const override = fields.override === 'schedule' ? null : (fields.override as 'open' | 'closed')
    return { timeZone: fields.timeZone!, afterHoursMessage: fields.afterHoursMessage!, override, holidays: form.holidays as HoursValues['holidays'], days }
  })

export interface HoursValues {
  timeZone: string
  afterHoursMessage: string
  override: 'open' | 'closed' | null
  holidays: { date: string; name: string }[]
  days: { weekday: number; opensAt: number; closesAt: number }[]
}

export const switchForm = z.object({ override: choice('Choose schedule, open or closed.', ['schedule', 'open', 'closed'] as const) })

/** Field errors by field name, the first message of each, for the form to show beside the field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= issue.message
  }
  return errors
}
