/** Where the next TwiML document comes from. */
export type TwimlSource =
  | { kind: 'url'; url: string; method: 'GET' | 'POST'; params?: Record<string, string>; webhook: 'voice' | 'action' | 'redirect' }
  | { kind: 'inline'; twiml: string; baseUrl: string }

export function httpMethod(value: string | undefined): 'GET' | 'POST' {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST'
}

export function resolveUrl(url: string, base: string): string {
  return new URL(url, base).toString()
}
