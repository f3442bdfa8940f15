import type { HoursValues, MenuValues } from './forms.ts'
import { digits } from './forms.ts'
import { clockOf } from './hours.ts'
import { holdMusicUrl as defaultHoldMusic } from '../twilio/twiml.ts'

/**
 * Stored settings as the raw fields of the admin forms, so a page shows what is saved and, after a
 * refused save, exactly what was typed (the request body, in the same shape).
 */
export type FormFields = Record<string, unknown>

export function queueFields(queue: { name: string; greeting: string; holdMusicUrl: string; maxWaitSeconds: number; overflowAction: string; announceEverySeconds: number; members: number[] } | null): FormFields {
  if (!queue) return { name: '', greeting: 'Please hold while we find someone to take your call.', holdMusicUrl: defaultHoldMusic, maxWaitSeconds: '300', overflowAction: 'voicemail', announceEverySeconds: '60', members: [] }
  return { ...queue, maxWaitSeconds: String(queue.maxWaitSeconds), announceEverySeconds: String(queue.announceEverySeconds) }
}

export function menuFields(menu: MenuValues | null): FormFields {
  const fields: FormFields = { greeting: menu?.greeting ?? '', fallbackAction: menu?.fallbackAction ?? 'queue', fallbackQueueId: String(menu?.fallbackQueueId ?? '') }
  for (const digit of digits) {
    const option = menu?.options.find((o) => o.digit === digit)
    fields[`digit_${digit}_action`] = option?.action ?? 'none'
    fields[`digit_${digit}_queue`] = option ? String(option.queueId) : ''
    fields[`digit_${digit}_keywords`] = option?.keywords.join(', ') ?? ''
  }
  return fields
}

export function hoursFields(hours: HoursValues | null, defaultZone: string): FormFields {
  const fields: FormFields = {
    timeZone: hours?.timeZone ?? defaultZone,
    afterHoursMessage: hours?.afterHoursMessage ?? 'Thanks for calling. We are closed right now.',
    override: hours?.override ?? 'schedule',
    holidays: (hours?.holidays ?? []).map((h) => `${h.date} ${h.name}`).join('\n'),
  }
  for (let day = 0; day < 7; day++) {
    const open = hours?.days.find((d) => d.weekday === day)
    fields[`opens_${day}`] = open ? clockOf(open.opensAt) : ''
    fields[`closes_${day}`] = open ? clockOf(open.closesAt) : ''
  }
  return fields
}
