import type { FastifyInstance } from 'fastify'
import { broadcastBoard } from '../admin/board.ts'
import { broadcastOffer, broadcastPresence, broadcastRemoval, broadcastReplace } from './broadcasts.ts'
import { routeCallsLater } from './routing.ts'
import { expireOfferLater } from './offer-timeout.ts'
import type { Change, TransitionName } from './transition.ts'

type Effect = (app: FastifyInstance, change: Change) => Promise<void> | void

const rerouteAfter = (effect: Effect): Effect => async (app, change) => {
  await effect(app, change)
  routeCallsLater(app)
}

/** A failure with a reason (Twilio refused the call) leaves the ended card up, saying why. */
async function showWhyItEnded(app: FastifyInstance, change: Change): Promise<void> {
  await broadcastRemoval(app, change)
  if (change.notice) await broadcastOffer(app, change)
}

const effects: Record<TransitionName, Effect> = {
  received: (app) => routeCallsLater(app),
  offered: async (app, change) => {
    expireOfferLater(app, change)
    await broadcastOffer(app, change)
  },
  declined: rerouteAfter(broadcastRemoval),
  withdrawn: rerouteAfter(broadcastRemoval),
  offer_timed_out: rerouteAfter(async (app, change) => {
    await broadcastRemoval(app, change)
    if (change.agentId) await broadcastPresence(app, change.agentId)
  }),
  accepted: broadcastReplace,
  accept_failed: broadcastReplace,
  connected: broadcastReplace,
  agent_missed: rerouteAfter(async (app, change) => {
    await broadcastRemoval(app, change)
    if (change.agentId) await broadcastPresence(app, change.agentId)
  }),
  ended: rerouteAfter(broadcastRemoval),
  end_failed: broadcastOffer,
  abandoned: rerouteAfter(broadcastRemoval),
  hung_up: rerouteAfter(broadcastRemoval),
  failed: rerouteAfter(showWhyItEnded),
  dialing: broadcastOffer,
  ringing: broadcastReplace,
  busy: rerouteAfter(broadcastRemoval),
  no_answer: rerouteAfter(broadcastRemoval),
  canceled: rerouteAfter(broadcastRemoval),
}

/** The Call's one after-commit hook: Twilio work goes through the outbox, pushes go out now. */
export function afterCommit(app: FastifyInstance, change: Change): void {
  if (change.queuedJobs) app.outbox.kick()
  void broadcastBoard(app)
  Promise.resolve(effects[change.name](app, change)).catch((error: unknown) => {
    app.log.error({ err: error, callId: change.call.id, transition: change.name }, 'after-commit effect failed')
  })
}
