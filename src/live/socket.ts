import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import { channels } from './hub.ts'
import { renderContainer } from '../calls/container.ts'
import { routeCallsLater } from '../calls/routing.ts'
import { broadcastBoard, renderBoard } from '../admin/board.ts'

const keepAliveMs = 25_000

export async function liveRoutes(app: FastifyInstance) {
  const refuse = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!originAllowed(request, app.config.publicUrl)) return reply.code(403).send('Forbidden origin')
    if (!request.session) return reply.code(401).send('Please log in.')
  }

  app.get('/live', { websocket: true, preValidation: refuse }, async (socket, request) => {
    const agent = request.session!.agent
    const board = agent.role === 'admin' && (request.query as { board?: string }).board === '1'
    const pending: Buffer[] = []
    let ready = false
    const deliver = (_html: string, frame: Buffer) => (ready ? socket.send(frame, { binary: false }) : pending.push(frame))
    const unsubscribe = app.hub.subscribe(board ? channels.supervisor : channels.agent(agent.id), deliver)
    const untrack = board ? () => {} : app.hub.track(agent.id)
    const keepAlive = setInterval(() => socket.ping(), keepAliveMs)
    socket.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      untrack()
      if (!board) void broadcastBoard(app)
    })
    if (!board) {
      routeCallsLater(app)
      void broadcastBoard(app)
    }
    await (board ? sendBoard(app, socket) : sendSnapshot(app, socket, agent.id))
    ready = true
    for (const frame of pending.splice(0)) socket.send(frame, { binary: false })
  })
}

async function sendSnapshot(app: FastifyInstance, socket: WebSocket, agentId: number) {
  const container = await renderContainer(app, agentId)
  if (socket.readyState === socket.OPEN) socket.send(await app.view('live/_connected', { container }))
}

async function sendBoard(app: FastifyInstance, socket: WebSocket) {
  const board = await renderBoard(app)
  if (socket.readyState === socket.OPEN) socket.send(await app.view('live/_board_connected', { board }))
}

/** Websocket upgrades carry cookies and are not covered by CORS, so the page's origin is checked here. */
function originAllowed(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin
  if (!origin) return false
  const expected = publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`
  return origin === expected
}
