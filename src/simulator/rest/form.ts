import { z } from 'zod'

const lastValue = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v)

/** Form fields arrive as a string, or an array when the key repeats. */
export const formString = z.preprocess(lastValue, z.string()).optional()
/** Twilio booleans: `true` or `false` (twilio-node sends them lower-case). */
export const formBool = z.preprocess((v) => String(lastValue(v)).toLowerCase(), z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')).optional()
export const formList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))

export const pageQuery = z.object({
  Page: z.coerce.number().int().min(0).optional(),
  PageSize: z.coerce.number().int().min(1).max(1000).optional(),
})

/** Twilio's list envelope; `next_page_uri` keeps the filters so twilio-node can page. */
export function listPage<T>(key: string, items: T[], path: string, query: Record<string, unknown>): Record<string, unknown> {
  const { Page: page = 0, PageSize: size = 50 } = pageQuery.parse(query)
  const slice = items.slice(page * size, (page + 1) * size)
  const uriFor = (n: number): string => `${path}?${new URLSearchParams({ ...stringEntries(query), Page: String(n), PageSize: String(size) })}`
  return {
    [key]: slice,
    page,
    page_size: size,
    start: page * size,
    end: page * size + Math.max(0, slice.length - 1),
    uri: uriFor(page),
    first_page_uri: uriFor(0),
    next_page_uri: (page + 1) * size < items.length ? uriFor(page + 1) : null,
    previous_page_uri: page > 0 ? uriFor(page - 1) : null,
  }
}

function stringEntries(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

/** A recording's `Status` update, the same for call and conference recordings (the last value of a repeated field). */
export const recordingStatus = z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.enum(['paused', 'in-progress', 'stopped']))
