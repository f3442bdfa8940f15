/** Where `npm run call` finds the simulator, and what it says when nothing answers there. */

/** `--url` wins; else the app's PUBLIC_URL + /sim; else http://127.0.0.1:${PORT ?? 3000}/sim, as the app listens. */
export function simulatorBaseUrl(url: string | undefined, env: NodeJS.ProcessEnv): string {
  if (url) return url.replace(/\/+$/, '')
  if (env.PUBLIC_URL) return `${env.PUBLIC_URL.replace(/\/+$/, '')}/sim`
  return `http://127.0.0.1:${env.PORT || 3000}/sim`
}

export class Unreachable extends Error {}

/** The simulator's control API; a connection failure becomes an Unreachable that names the URL tried and the way out. */
export class SimulatorConnection {
  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  get(path: string): Promise<Response> {
    return this.send(path, { method: 'GET' })
  }

  post(path: string, body?: unknown): Promise<Response> {
    const init = body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
    return this.send(path, { method: 'POST', ...init })
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(this.base + path, { ...init, headers: { ...this.headers, ...(init.headers as Record<string, string> | undefined) } })
    } catch (error) {
      throw new Unreachable(
        `Could not reach the simulator at ${this.base} (${reason(error)}).\n` +
          'Is the app running (npm start)? Point this at it with --url http://HOST:PORT/sim, or set PORT or PUBLIC_URL as the app has them.',
      )
    }
  }
}

function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  const code = (cause as { code?: unknown } | null)?.code
  if (typeof code === 'string') return code
  return cause instanceof Error ? cause.message : String(cause)
}
