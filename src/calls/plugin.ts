import fp from 'fastify-plugin'
import { recordsCalls } from '../config.ts'
import { restFailure, TwilioGateway } from '../twilio/gateway.ts'
import { Calls } from './calls.ts'
import { Cards } from './cards.ts'
import { jobHandlers } from './jobs.ts'
import { reconcileWithTwilio } from './reconcile.ts'
import { Outbox, type OutboxOptions } from './outbox.ts'
import { cardRenderer, Pushes } from './pushes.ts'
import { CallStore } from './store.ts'

declare module 'fastify' {
  interface FastifyInstance {
    calls: Calls
    outbox: Outbox
  }
}

export interface CallsPluginOptions {
  outbox?: Partial<OutboxOptions> & { autostart?: boolean }
}

/** Calls wait in the queue for a free agent; this sweep catches any trigger (or offer timer) that was lost. */
const sweepMs = 5000

/** The Call model as a service: its store, outbox, pushes and routing, wired to this app's collaborators. */
export const callsPlugin = fp(
  async (app, options: CallsPluginOptions) => {
    const clock = () => new Date()
    const store = new CallStore(app.prisma, clock, (): boolean => outbox.started, app.config.wrapUpSeconds)
    const cards = new Cards(app.prisma)
    const outbox = new Outbox(store, app.log, restFailure, options.outbox)
    const calls = new Calls({
      db: app.prisma,
      store,
      cards,
      pushes: new Pushes(app.hub),
      outbox,
      clock,
      log: app.log,
      offerTimeoutMs: app.config.offerTimeoutSeconds * 1000,
      wrapUpMs: app.config.wrapUpSeconds * 1000,
      connectedSince: () => app.connections.liveSince(),
      supervisorNote: app.config.supervisorNote,
    })
    const gateway = new TwilioGateway(app.telephony, () => app.publicUrl(), recordsCalls(app.config))
    outbox.handle(jobHandlers({ calls, gateway, log: app.log, agentRingSeconds: app.config.agentRingSeconds, dialRingSeconds: app.config.dialRingSeconds }))
    app.hub.renderWith('card', cardRenderer(cards, (template, data) => app.view(template, data)))
    app.decorate('calls', calls)
    app.decorate('outbox', outbox)

    let sweep: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      if (options.outbox?.autostart !== false) outbox.start()
      sweep = setInterval(() => {
        calls.routeLater(true)
        calls.expireStaleOffers().catch((error: unknown) => app.log.warn({ err: error }, 'expiring stale offers failed'))
        calls.expireStaleWrapUps().catch((error: unknown) => app.log.warn({ err: error }, 'expiring stale wrap-ups failed'))
      }, sweepMs)
    })
    app.addHook('onListen', async () => {
      void reconcileWithTwilio(calls, (sid) => gateway.callStatus(sid), app.log).catch((error: unknown) => app.log.error({ err: error }, 'reconciling calls with Twilio failed'))
    })
    app.addHook('preClose', async () => {
      clearInterval(sweep)
      calls.stop()
      await outbox.stop()
    })
  },
  { name: 'calls', dependencies: ['database', 'hub', 'telephony', 'connections'] },
)
