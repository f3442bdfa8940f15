import Fastify, { LogController, type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import view from '@fastify/view'
import websocket from '@fastify/websocket'
import fp from 'fastify-plugin'
import { Eta } from 'eta'
import { recordsCalls, type Config } from './config.ts'
import type { PrismaClient } from './db/client.ts'
import { viewsDir } from './paths.ts'
import { hubPlugin } from './live/plugin.ts'
import { connectionsPlugin, presencePlugin } from './agents/plugin.ts'
import { callsPlugin, type CallsPluginOptions } from './calls/plugin.ts'
import { ivrPlugin } from './calls/ivr-plugin.ts'
import { boardPlugin } from './admin/board.ts'
import { teamRoutes } from './routes/team.ts'
import { reportRoutes } from './routes/reports.ts'
import { frontDoorPlugin } from './front-door/plugin.ts'
import { missedCallsPlugin } from './calls/missed-pushes.ts'
import { missedCallRoutes } from './routes/missed-calls.ts'
import { frontDoorRoutes } from './routes/front-door.ts'
import { viewHelpers } from './views.ts'
import { liveRoutes } from './routes/live.ts'
import { assetRoutes } from './routes/assets.ts'
import { auth } from './agents/auth.ts'
import { loginRoutes } from './routes/login.ts'
import { setupRoutes } from './routes/setup.ts'
import { panelRoutes } from './routes/panel.ts'
import { webEdge } from './http/edge.ts'
import { assetUrl } from './http/assets.ts'
import { routeLimits } from './http/rate-limit.ts'
import { expiredRowsPurge } from './agents/purge.ts'
import { healthRoutes } from './routes/health.ts'
import { telephony, type SimulatorTuning, type Telephony } from './twilio/telephony.ts'
import { consoleAccess } from './agents/console-guard.ts'
import { twilioWebhooks } from './routes/twilio/voice.ts'
import { voiceTokenRoutes } from './routes/voice-token.ts'
import { callRoutes } from './routes/calls.ts'
import { adminRoutes } from './routes/admin.ts'
import { phoneRoutes } from './routes/phone.ts'

export type DatabaseKind = 'embedded' | 'postgres'

export interface AppOptions {
  config: Config
  prisma: PrismaClient
  databaseKind: DatabaseKind
  /** Where `prisma` connects; on PostgreSQL the live hub listens there too. */
  databaseUrl?: string
  sessionSecret: string
  demoSeeded?: boolean
  outbox?: CallsPluginOptions['outbox']
  simulator?: SimulatorTuning
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    prisma: PrismaClient
    databaseKind: DatabaseKind
    databaseUrl: string | undefined
    demoSeeded: boolean
    telephony: Telephony
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
  app.decorate('databaseUrl', options.databaseUrl ?? config.databaseUrl)
  app.decorate('demoSeeded', options.demoSeeded ?? false)
  // Without PUBLIC_URL, the address the server listens on, read once it listens (not per webhook).
  let listening: string | undefined
  app.addHook('onListen', async () => void (listening = listeningUrl(app)))
  app.decorate('publicUrl', () => config.publicUrl ?? listening ?? listeningUrl(app))
  app.register(fp(async (scope) => void scope.decorate('prisma', options.prisma), { name: 'database' }))

  await app.register(webEdge)
  await app.register(cookie, { secret: options.sessionSecret })
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(view, { engine: { eta: new Eta() }, root: viewsDir, production: config.env !== 'development', defaultContext: { ...viewHelpers, asset: assetUrl, supervisorNote: config.supervisorNote, recordCalls: recordsCalls(config) } })
  await app.register(expiredRowsPurge)

  await app.register(telephony, { tuning: options.simulator ?? {}, console: consoleAccess })
  await app.register(hubPlugin)
  await app.register(connectionsPlugin)
  await app.register(callsPlugin, { outbox: options.outbox })
  await app.register(presencePlugin)
  await app.register(frontDoorPlugin)
  await app.register(ivrPlugin)
  await app.register(missedCallsPlugin)
  await app.register(boardPlugin)
  await app.register(assetRoutes)
  await app.register(healthRoutes)
  await app.register(twilioWebhooks)
  await app.register(async (web) => {
    await web.register(auth)
    await web.register(routeLimits)
    await web.register(loginRoutes)
    await web.register(setupRoutes)
    await web.register(panelRoutes)
    await web.register(liveRoutes)
    await web.register(voiceTokenRoutes)
    await web.register(callRoutes)
    await web.register(phoneRoutes)
    await web.register(missedCallRoutes)
    await web.register(adminRoutes)
    await web.register(frontDoorRoutes)
    await web.register(teamRoutes)
    await web.register(reportRoutes)
  })
  return app
}

function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : app.config.port
  const host = ['0.0.0.0', '::'].includes(app.config.host) ? 'localhost' : app.config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}
