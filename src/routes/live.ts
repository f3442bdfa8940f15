import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import { channels, type LiveListener } from '../live/hub.ts'
import { renderContainer } from '../calls/pushes.ts'
import type { Session } from '../agents/sessions.ts'

const keepAliveMs = 25_000
/** Close codes 4000–4999 are ours; htmx does not reconnect on them (the session is over). */
const sessionOver = 4001
const longestTimer = 2 ** 31 - 1

/**
 * `GET /live`: an agent's panel (their own channel) or an admin's board (`?board=1`). The session is
 * checked at upgrade, the socket lives no longer than its session, and every (re)connect is sent the
 * current state first, so a dropped socket loses nothing.
 */
export async function liveRoutes(app: FastifyInstance) {
  const refuse = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!originAllowed(request, app.config.publicUrl)) return reply.code(403).send('Forbidden origin')
    if (!request.session) return reply.code(401).send('Please log in.')
  }

  app.get('/live', { websocket: true, preValidation: refuse }, async (socket, request) => {
    const session = request.session!
    const board = session.agent.role === 'admin' && (request.query as { board?: string }).board === '1'
    const pending: Buffer[] = []
    let ready = false
    /** Sends the current state; messages that arrive meanwhile wait and follow it, so none is lost. */
    const refresh = async () => {
      ready = false
      await sendSnapshot(app, socket, board, session.agent)
      ready = true
      for (const frame of pending.splice(0)) socket.send(frame, { binary: false })
    }
    const listener: LiveListener = {
      send: (_html, frame) => (ready ? socket.send(frame, { binary: false }) : pending.push(frame)),
      close: (reason) => socket.close(sessionOver, reason),
      resync: () => void refresh().catch((error: unknown) => app.log.warn({ err: error }, 're-sending a live snapshot failed')),
    }
    const unsubscribe = [
      app.hub.subscribe(board ? channels.supervisor : channels.agent(session.agent.id), listener),
      app.hub.subscribe(channels.session(session.id), listener),
    ]
    const cleanup = [...unsubscribe, keepAlive(socket), closeAtExpiry(socket, session)]
    const connection = board ? null : app.connections.open(session.agent.id)
    socket.on('close', () => {
      for (const stop of cleanup) stop()
      void connection?.then((id) => app.connections.close(id)).catch((error: unknown) => app.log.warn({ err: error }, 'closing a panel connection failed'))
    })
    if (connection) {
      await connection
      app.calls.routeLater(true)
    }
    await refresh()
  })
}

async function sendSnapshot(app: FastifyInstance, socket: WebSocket, board: boolean, agent: Session['agent']) {
  const html = board
    ? await app.view('live/_board_connected', { board: await app.renderBoard() })
    : await app.view('live/_connected', {
        container: await renderContainer(app.calls.cards, (template, data) => app.view(template, data), agent.id),
        missed: await app.calls.missed.listFor(agent),
      })
  if (socket.readyState === socket.OPEN) socket.send(html)
}

function keepAlive(socket: WebSocket): () => void {
  const timer = setInterval(() => socket.ping(), keepAliveMs)
  return () => clearInterval(timer)
}

function closeAtExpiry(socket: WebSocket, session: Session): () => void {
  const timer = setTimeout(() => socket.close(sessionOver, 'Session expired'), Math.min(longestTimer, Math.max(0, session.expiresAt.getTime() - Date.now())))
  return () => clearTimeout(timer)
}

/** Websocket upgrades carry cookies and are not covered by CORS, so the page's origin is checked here. */
function originAllowed(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin
  if (!origin) return false
  const expected = publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`
  return origin === expected
}
