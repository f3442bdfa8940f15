import { z } from 'zod'
import { eventLabels } from '../calls/lifecycle.ts'

/** Fields the call's header already shows (its numbers), or only useful to a developer (sids). */
const hiddenFields = new Set(['callSid', 'from', 'to'])

const eventData = z.record(z.string(), z.unknown())

export function eventLabel(type: string): string {
  return eventLabels[type] ?? humanise(type)
}

/** One readable line from an event's data; types we do not know yet show their fields as they are. */
export function eventDetails(type: string, json: unknown): string {
  const parsed = eventData.safeParse(json)
  if (!parsed.success) return ''
  const data = parsed.data
  if (type === 'agent_missed') return text(data.dialStatus).replace(/-/g, ' ')
  return Object.entries(data)
    .filter(([key, value]) => !hiddenFields.has(key) && text(value))
    .map(([key, value]) => `${humanise(key).toLowerCase()}: ${text(value)}`)
    .join(' · ')
}

export function humanise(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}
