import type { Call } from '../calls/call.ts'
import type { SimContext } from '../context.ts'
import { documentFrom, loadDocument } from '../twiml/load.ts'
import type { TwimlDocument } from '../twiml/parse.ts'
import { runVerbs } from '../twiml/run-verbs.ts'
import type { TwimlSource } from '../twiml/source.ts'
import { requestWebhook } from '../webhooks.ts'
import { publishConferenceEvent } from '../conferences/callbacks.ts'
import type { Conference } from '../conferences/conference.ts'
import type { Participant } from '../conferences/participant.ts'

type Announcement = { url: string; method: 'GET' | 'POST' }

/** AnnounceUrl "may return … a TwiML document that contains <Play>, <Say>, <Pause>, or <Redirect>". */
const PARTICIPANT_VERBS: ReadonlySet<string> = new Set(['Play', 'Say', 'Pause', 'Redirect'])
/** A conference announcement is fetched once for everyone, so it cannot follow a <Redirect>. */
const CONFERENCE_VERBS: ReadonlySet<string> = new Set(['Play', 'Say', 'Pause'])

/** Participant AnnounceUrl: played to that call only (on top of whatever it hears), then announcement-end. */
export function announceToParticipant(sim: SimContext, participant: Participant, announcement: Announcement): void {
  const done = playToParticipant(sim, participant.call, announcement)
  void finish(sim, participant.conference, done, announcement, participant)
}

/** Conference AnnounceUrl: fetched once (conference parameters) and played to every connected participant. */
export function announceToConference(sim: SimContext, conference: Conference, announcement: Announcement): void {
  const playTo = (doc: TwimlDocument, call: Call): Promise<unknown> =>
    runVerbs({ sim, call, doc, signal: endOf(call), allowedVerbs: CONFERENCE_VERBS }, doc.verbs).catch((error: unknown) => {
      if (call.isLive) throw error
    })
  const done = fetchForConference(sim, conference, announcement).then((doc) => Promise.all(conference.connected.map((p) => playTo(doc, p.call))))
  void finish(sim, conference, done, announcement)
}

async function finish(sim: SimContext, conference: Conference, done: Promise<unknown>, announcement: Announcement, participant?: Participant): Promise<void> {
  const present = (): Participant | undefined => (participant && !participant.left ? participant : undefined)
  try {
    await done
    publishConferenceEvent(sim, conference, 'announcement-end', present(), { AnnounceUrl: announcement.url })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    publishConferenceEvent(sim, conference, 'announcement-fail', present(), { AnnounceUrl: announcement.url, ReasonAnnouncementFailed: reason })
  }
}

async function playToParticipant(sim: SimContext, call: Call, announcement: Announcement): Promise<void> {
  const signal = endOf(call)
  let source: TwimlSource | null = { kind: 'url', webhook: 'redirect', url: announcement.url, method: announcement.method }
  while (source) {
    const doc = await loadDocument(sim, call, source, signal, 'announce')
    const next = await runVerbs({ sim, call, doc, signal, allowedVerbs: PARTICIPANT_VERBS }, doc.verbs)
    source = next.kind === 'goto' ? next.source : null
  }
}

async function fetchForConference(sim: SimContext, conference: Conference, announcement: Announcement): Promise<TwimlDocument> {
  const params = { AccountSid: conference.accountSid, ConferenceSid: conference.sid, FriendlyName: conference.friendlyName }
  const res = await requestWebhook(sim, { kind: 'announce', callSid: null, url: announcement.url, method: announcement.method, params })
  return documentFrom(res, announcement.method, announcement.url)
}

function endOf(call: Call): AbortSignal {
  const ended = new AbortController()
  void call.ended.then(() => ended.abort(new Error('the call ended during the announcement')))
  return ended.signal
}
