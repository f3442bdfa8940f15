import WebSocket from 'ws'

export interface LiveSocket {
  socket: WebSocket
  messages: string[]
  /** Resolves with the first message (already received or arriving) that matches. */
  next(match: (html: string) => boolean, timeoutMs?: number): Promise<string>
  close(): Promise<void>
}

export function wsUrl(baseUrl: string, path = '/live'): string {
  return `${baseUrl.replace(/^http/, 'ws')}${path}`
}

export function openLive(baseUrl: string, headers: Record<string, string>, path = '/live'): Promise<LiveSocket> {
  const socket = new WebSocket(wsUrl(baseUrl, path), { headers: { origin: baseUrl, ...headers } })
  const messages: string[] = []
  const waiters = new Set<() => void>()
  socket.on('message', (data) => {
    messages.push(data.toString())
    for (const wake of waiters) wake()
  })

  const next = (match: (html: string) => boolean, timeoutMs = 5000) =>
    new Promise<string>((resolve, reject) => {
      let seen = 0
      const check = () => {
        const found = messages.slice(seen).find(match)
        seen = messages.length
        if (found === undefined) return
        cleanup()
        resolve(found)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no matching live message within ${timeoutMs} ms; got:\n${messages.join('\n---\n')}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })

  const close = () =>
    new Promise<void>((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve()
      socket.once('close', () => resolve())
      socket.close()
    })

  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, next, close }))
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)))
    socket.once('error', reject)
  })
}
