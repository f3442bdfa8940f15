import { z } from 'zod'

const e164 = /^\+[1-9]\d{6,14}$/

/**
 * What people paste: spaces, dashes, dots and parentheses go; a leading 00 is the international
 * prefix; ten digits (or eleven starting with 1) are a US/Canada number, as our own number is.
 */
export function normaliseNumber(input: string): string {
  const number = input.replace(/[\s\-.()]/g, '').replace(/^00/, '+')
  if (/^\d{10}$/.test(number)) return `+1${number}`
  if (/^1\d{10}$/.test(number)) return `+${number}`
  return number
}

export const dialForm = z.object({
  number: z
    .string({ message: 'Enter a number to dial.' })
    .trim()
    .min(1, 'Enter a number to dial.')
    .max(40, 'That is too long for a phone number.')
    .transform(normaliseNumber)
    .pipe(z.string().regex(e164, 'Enter a phone number with its country code, like +1 415 555 0100.')),
})
