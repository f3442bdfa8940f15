import Fastify, { LogController, type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import view from '@fastify/view'
import websocket from '@fastify/websocket'
import fp from 'fastify-plugin'
import { Eta } from 'eta'
import type { Config } from './config.ts'
import type { PrismaClient } from './db/client.ts'
import { viewsDir } from './paths.ts'
import { LiveHub } from './live/hub.ts'
import { liveRoutes } from './live/socket.ts'
import { assetRoutes } from './assets.ts'
import { auth } from './agents/auth.ts'
import { loginRoutes } from './agents/login.ts'
import { panelRoutes } from './agents/panel.ts'
import { errorHandler } from './errors.ts'
import { healthRoutes } from './health.ts'
import { telephony, type SimulatorTuning, type Telephony } from './twilio/telephony.ts'
import { twilioWebhooks } from './twilio/webhooks.ts'
import { tokenRoutes } from './twilio/token.ts'
import { callRoutes } from './calls/routes.ts'
import { adminRoutes } from './admin/routes.ts'
import { Outbox, type OutboxOptions } from './calls/outbox.ts'
import { routeCallsLater } from './calls/routing.ts'
import { expireStaleOffers } from './calls/offer-timeout.ts'

export type DatabaseKind = 'embedded' | 'postgres'

export interface AppOptions {
  config: Config
  prisma: PrismaClient
  databaseKind: DatabaseKind
  sessionSecret: string
  demoSeeded?: boolean
  outbox?: Partial<OutboxOptions> & { autostart?: boolean }
  simulator?: SimulatorTuning
}

/** Calls wait in the queue for a free agent; this sweep catches any trigger (or offer timer) that was lost. */
const routingSweepMs = 5000

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    prisma: PrismaClient
    databaseKind: DatabaseKind
    demoSeeded: boolean
    hub: LiveHub
    telephony: Telephony
    outbox: Outbox
    publicUrl(): string
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options
  const app = Fastify({
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    forceCloseConnections: true,
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(config.logLevel) }),
  })
  app.decorate('config', config)
  app.decorate('databaseKind', options.databaseKind)
  app.decorate('demoSeeded', options.demoSeeded ?? false)
  app.decorate('hub', new LiveHub())
  app.decorate('publicUrl', () => config.publicUrl ?? listeningUrl(app))
  app.register(fp(async (scope) => void scope.decorate('prisma', options.prisma), { name: 'database' }))

  await app.register(cookie, { secret: options.sessionSecret })
  await app.register(formbody)
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(view, { engine: { eta: new Eta() }, root: viewsDir, production: config.env !== 'development' })
  app.setErrorHandler(errorHandler)

  await app.register(telephony, options.simulator ?? {})
  await app.register(assetRoutes)
  await app.register(healthRoutes)
  await app.register(twilioWebhooks)
  await app.register(async (web) => {
    await web.register(auth)
    await web.register(loginRoutes)
    await web.register(panelRoutes)
    await web.register(liveRoutes)
    await web.register(tokenRoutes)
    await web.register(callRoutes)
    await web.register(adminRoutes)
  })
  startWorkers(app, options.outbox)
  return app
}

function startWorkers(app: FastifyInstance, options: AppOptions['outbox'] = {}) {
  app.decorate('outbox', new Outbox(app, options))
  let sweep: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    if (options.autostart !== false) app.outbox.start()
    sweep = setInterval(() => {
      routeCallsLater(app)
      expireStaleOffers(app).catch((error: unknown) => app.log.warn({ err: error }, 'expiring stale offers failed'))
    }, routingSweepMs)
  })
  app.addHook('preClose', async () => {
    clearInterval(sweep)
    await app.outbox.stop()
  })
}

function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : app.config.port
  const host = ['0.0.0.0', '::'].includes(app.config.host) ? 'localhost' : app.config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}
