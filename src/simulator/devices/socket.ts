import { randomUUID } from 'node:crypto'
import type { WebSocket } from 'ws'
import { verifyAccessToken } from '../access-token.ts'
import { endCall } from '../calls/lifecycle.ts'
import type { SimContext } from '../context.ts'
import type { ClientMessage } from '../protocol.ts'
import { clientMessageSchema, ERROR_CODES } from '../protocol.ts'
import type { DeviceConnection } from './registry.ts'

interface Session {
  sim: SimContext
  conn: DeviceConnection
  expiry: NodeJS.Timeout | undefined
  /** The Device's `maxCallSignalingTimeoutMs`: 0 ends its answered calls as soon as its connection drops. */
  reconnectGraceMs: number
}

/** One stand-in Device's websocket: authenticate by access token, then ring/accept/hang up. */
export function handleDeviceSocket(sim: SimContext, socket: WebSocket): void {
  const conn: DeviceConnection = { id: randomUUID(), identity: null, send: (m) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(m)) }
  const session: Session = { sim, conn, expiry: undefined, reconnectGraceMs: 0 }
  socket.on('message', (data) => onMessage(session, String(data)))
  socket.on('close', () => onClose(session))
  socket.on('error', (error) => sim.log?.debug({ err: error }, 'simulator: device socket error'))
}

function onMessage(session: Session, text: string): void {
  const parsed = clientMessageSchema.safeParse(safeJson(text))
  if (!parsed.success) return session.conn.send({ type: 'error', code: ERROR_CODES.malformed, message: 'Malformed message' })
  try {
    dispatch(session, parsed.data)
  } catch (error) {
    session.sim.log?.error({ err: error }, 'simulator: device message failed')
  }
}

function dispatch(session: Session, message: ClientMessage): void {
  const { sim, conn } = session
  if (message.type === 'register') session.reconnectGraceMs = message.maxCallSignalingTimeoutMs ?? 0
  if (message.type === 'register' || message.type === 'updateToken') return authenticate(session, message.token)
  if (message.type === 'unregister') return unregister(session)
  if (!conn.identity) return conn.send({ type: 'error', code: ERROR_CODES.notRegistered, message: 'Device is not registered' })
  if (message.type === 'accept') return void sim.devices.accept(conn, message.callSid)
  if (message.type === 'reject') return sim.devices.reject(conn, message.callSid)
  if (message.type === 'hangup') return hangUp(session, message.callSid)
  if (message.type === 'digits') return digits(session, message.callSid, message.digits)
  if (message.type === 'reconnect') return sim.devices.reconnect(conn, message.callSid)
  sim.calls.get(message.callSid)?.addLog('status', message.muted ? 'Agent muted' : 'Agent unmuted')
}

function authenticate(session: Session, token: string): void {
  const { sim, conn } = session
  const check = verifyAccessToken(token, sim.options)
  if (!check.ok) return conn.send({ type: 'error', code: check.code, message: check.message })
  if (conn.identity && conn.identity !== check.identity) {
    return conn.send({ type: 'error', code: ERROR_CODES.invalidToken, message: 'A token may not change the identity' })
  }
  sim.devices.register(conn, check.identity)
  conn.send({ type: 'registered', identity: check.identity, ttl: Math.floor((check.expiresAt - Date.now()) / 1000) })
  clearTimeout(session.expiry)
  session.expiry = setTimeout(() => expire(session), Math.min(check.expiresAt - Date.now(), 2 ** 31 - 1))
}

function expire(session: Session): void {
  session.conn.send({ type: 'error', code: ERROR_CODES.expiredToken, message: 'Access Token expired or expiration date invalid' })
  unregister(session)
}

function unregister(session: Session): void {
  clearTimeout(session.expiry)
  session.sim.devices.unregister(session.conn)
  session.conn.identity = null
  session.conn.send({ type: 'unregistered' })
}

function hangUp(session: Session, callSid: string): void {
  const call = session.sim.calls.get(callSid)
  if (!call) return
  if (call.status === 'ringing') return session.sim.devices.reject(session.conn, callSid)
  if (call.endpoint.kind === 'device' && call.endpoint.connectionId === session.conn.id) endCall(session.sim, call, 'agent hung up')
}

function digits(session: Session, callSid: string, pressed: string): void {
  session.sim.calls.get(callSid)?.addLog('digits', `Agent pressed ${pressed}`)
  session.sim.events.emit({ type: 'digits', callSid, digits: pressed, by: 'device' })
}

function onClose(session: Session): void {
  const { sim, conn } = session
  clearTimeout(session.expiry)
  sim.devices.unregister(conn)
  for (const call of sim.calls.values()) {
    if (!call.isLive || call.endpoint.kind !== 'device' || call.endpoint.connectionId !== conn.id) continue
    const goAway = () => endCall(sim, call, 'agent device went away')
    if (session.reconnectGraceMs > 0 && call.answered) sim.devices.awaitReconnect(call, call.endpoint.identity, session.reconnectGraceMs, goAway)
    else goAway()
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
