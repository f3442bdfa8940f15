import { z } from 'zod'

export const passwordMinLength = 10
const controlCharacters = /[\u0000-\u001f\u007f]/

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((value) => !controlCharacters.test(value), `${label} must not contain control characters.`)

/** What it takes to create an agent, from the command line or the first-admin form. */
export const newAgentSchema = z.object({
  name: text('Name', 100),
  email: text('Email', 254)
    .transform((email) => email.toLowerCase())
    .pipe(z.email('Email must be an email address like ann@team.example.')),
  password: z
    .string({ error: 'Password is required.' })
    .min(passwordMinLength, `Password must be at least ${passwordMinLength} characters.`)
    .max(200, 'Password must be at most 200 characters.')
    .refine((value) => !controlCharacters.test(value), 'Password must not contain control characters.'),
})

export type NewAgent = z.infer<typeof newAgentSchema>
