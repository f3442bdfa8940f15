import { z } from 'zod'
import { CallDirection, EndReason, type Prisma } from '../db/client.ts'

const isoDate = z.iso.date({ message: 'Dates look like 2025-01-31.' })

/** The call-list query as a person types it into the filter form; blank fields mean "any". */
export const callFiltersSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    direction: z.enum(CallDirection, { message: 'Direction is inbound or outbound.' }).optional(),
    agent: z.coerce.number({ message: 'Pick an agent from the list.' }).int().positive('Pick an agent from the list.').optional(),
    reason: z.enum(EndReason, { message: 'Pick an end reason from the list.' }).optional(),
    number: z
      .string({ message: 'Search one number.' })
      .max(40, 'A number has at most 40 characters.')
      .transform(digitsOf)
      .pipe(z.string().min(1, 'Search by the digits of a number.'))
      .optional(),
    notes: z.string({ message: 'Search notes with some words.' }).trim().max(100, 'Search notes with at most 100 characters.').optional(),
    page: z.coerce.number({ message: 'Page is a number.' }).int().min(1, 'Pages start at 1.').max(100_000).default(1),
  })
  .refine(({ from, to }) => !from || !to || from <= to, { message: 'The "to" date is before the "from" date.', path: ['to'] })

export type CallFilters = z.output<typeof callFiltersSchema>

export type FilterErrors = Partial<Record<string, string>>

export type ParsedFilters = { ok: true; filters: CallFilters } | { ok: false; errors: FilterErrors; raw: Record<string, string> }

export function parseCallFilters(query: unknown): ParsedFilters {
  const raw = withoutBlanks(query)
  const parsed = callFiltersSchema.safeParse(raw)
  if (parsed.success) return { ok: true, filters: parsed.data }
  const errors: FilterErrors = {}
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'query')] ??= issue.message
  return { ok: false, errors, raw: stringsOf(raw) }
}

/** Calls that match the filters: dates are whole UTC days on `createdAt`, the agent is anyone the call involved. */
export function callWhere(filters: CallFilters): Prisma.CallWhereInput {
  const clauses: Prisma.CallWhereInput[] = []
  if (filters.agent) clauses.push(involvingAgent(filters.agent))
  if (filters.number) clauses.push({ OR: [{ from: { contains: filters.number } }, { to: { contains: filters.number } }] })
  if (filters.notes) clauses.push(wrapUpMatching(filters.notes))
  return { createdAt: dayRange(filters), direction: filters.direction, endReason: filters.reason, AND: clauses }
}

/** The wrap-up's notes or disposition contain the words (any case). */
export function wrapUpMatching(text: string): Prisma.CallWhereInput {
  return { OR: [{ notes: { contains: text, mode: 'insensitive' } }, { disposition: { contains: text, mode: 'insensitive' } }] }
}

/** The call ended up with the agent, or the agent was offered it (declined, missed, withdrawn). */
export function involvingAgent(agentId: number): Prisma.CallWhereInput {
  return { OR: [{ agentId }, { events: { some: { agentId } } }] }
}

export function dayRange({ from, to }: Pick<CallFilters, 'from' | 'to'>): Prisma.DateTimeFilter | undefined {
  if (!from && !to) return undefined
  return { gte: from ? new Date(`${from}T00:00:00Z`) : undefined, lt: to ? nextDay(to) : undefined }
}

/** The query string for the same filters on another page (`page` 1 is left out). */
export function filterQuery(filters: CallFilters, page: number, except: (keyof CallFilters)[] = []): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...filters, page: page > 1 ? page : undefined })) {
    if (value !== undefined && !except.includes(key as keyof CallFilters)) params.set(key, String(value))
  }
  const query = params.toString()
  return query ? `?${query}` : ''
}

export function digitsOf(text: string): string {
  return text.replace(/\D/g, '')
}

function nextDay(date: string): Date {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + 1)
  return day
}

function withoutBlanks(query: unknown): Record<string, unknown> {
  if (typeof query !== 'object' || query === null) return {}
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== '' && value !== undefined))
}

function stringsOf(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]))
}
