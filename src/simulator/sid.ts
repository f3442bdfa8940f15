import { randomBytes } from 'node:crypto'

export type SidPrefix = 'CA' | 'QU' | 'AC' | 'SK' | 'CF' | 'RE' | 'TR'

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex')
}
