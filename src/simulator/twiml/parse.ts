import type { XmlElement } from './xml.ts'
import { parseXml, XmlError } from './xml.ts'

export interface TwimlVerb {
  name: string
  attributes: Record<string, string>
  text: string
  nouns: XmlElement[]
}

export interface TwimlDocument {
  verbs: TwimlVerb[]
  /** Relative URLs in the document resolve against this. */
  baseUrl: string
}

/** TwiML that cannot be run; `code` as in Twilio's debugger (12100 parse failure, 12200 schema). */
export class TwimlError extends Error {
  constructor(readonly code: number, message: string) {
    super(message)
  }
}

const SIMULATED = new Set(['Say', 'Play', 'Pause', 'Enqueue', 'Leave', 'Dial', 'Hangup', 'Redirect', 'Gather', 'Record'])

export function parseTwiml(source: string, baseUrl: string): TwimlDocument {
  const root = readRoot(source)
  if (root.name !== 'Response') throw new TwimlError(12100, `root element is <${root.name}>, expected <Response>`)
  const verbs = root.children.filter(isElement).map(toVerb)
  return { verbs, baseUrl }
}

function readRoot(source: string): XmlElement {
  try {
    return parseXml(source)
  } catch (error) {
    if (error instanceof XmlError) throw new TwimlError(12100, `Document parse failure: ${error.message}`)
    throw error
  }
}

function toVerb(element: XmlElement): TwimlVerb {
  if (!SIMULATED.has(element.name)) throw new TwimlError(12200, `unknown or unsimulated verb <${element.name}>`)
  return { name: element.name, attributes: element.attributes, text: textOf(element), nouns: element.children.filter(isElement) }
}

export function textOf(element: XmlElement): string {
  return element.children.filter((c): c is string => typeof c === 'string').join('').trim()
}

export function isElement(node: XmlElement | string): node is XmlElement {
  return typeof node !== 'string'
}
