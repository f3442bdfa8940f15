import { z } from 'zod'
import { announceToConference } from './conference-announce.ts'
import type { Conference } from '../conferences/conference.ts'
import { conferenceJson } from '../conferences/json.ts'
import { endConference } from '../conferences/membership.ts'
import type { Simulator } from '../simulator.ts'
import { httpMethod } from '../twiml/source.ts'
import { RestError } from './errors.ts'
import { formString } from './form.ts'
import { absoluteUrl } from './participant-rules.ts'

const updateSchema = z.object({ Status: formString, AnnounceUrl: formString, AnnounceMethod: formString })

export const listFilters = z.object({ FriendlyName: z.string().optional(), Status: z.enum(['init', 'in-progress', 'completed']).optional() })

/**
 * Newest first, like Calls. Ended conferences are listed too when no Status is given (Twilio plans to
 * default to in-progress only; see README). DateCreated/DateUpdated filters are not simulated.
 */
export function listConferences(sim: Simulator, query: unknown): Record<string, unknown>[] {
  const f = listFilters.parse(query ?? {})
  return sim.conferences.all()
    .filter((c) => (!f.FriendlyName || c.friendlyName === f.FriendlyName) && (!f.Status || c.status === f.Status))
    .reverse()
    .map(conferenceJson)
}

/** Status=completed "will end the conference and hang up all participants"; AnnounceUrl plays to everyone. */
export function updateConference(sim: Simulator, conference: Conference, body: unknown): void {
  const p = updateSchema.parse(body ?? {})
  if (p.Status !== undefined && p.Status !== 'completed') throw new RestError(400, 20001, `Invalid Status "${p.Status}": only completed is allowed`)
  const announceUrl = absoluteUrl('AnnounceUrl', p.AnnounceUrl)
  if (announceUrl && conference.isActive) announceToConference(sim, conference, { url: announceUrl, method: httpMethod(p.AnnounceMethod) })
  if (p.Status === 'completed') endConference(sim, conference, 'conference-ended-via-api')
}
