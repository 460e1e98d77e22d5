/**
 * Personas: named kinds of customers, each with a membership rule over traits. Analyses take a
 * persona key and look at its members only; the map (issue 5) shows who a persona is.
 */
import { z } from 'zod';
import { ConditionSchema } from '../analytics/condition.js';

export const PersonaSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'lower-case letters, digits, "_" or "-", at most 50'),
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).default(''),
    /** Customers whose traits meet every condition belong to the persona. */
    rule: z.array(ConditionSchema).min(1, 'a persona needs at least one condition').max(20),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.rule.forEach((c, i) => {
      if (!c.field.startsWith('traits.')) ctx.addIssue({ code: 'custom', path: ['rule', i, 'field'], message: 'a persona rule is on customer traits: traits.PATH' });
    });
  });
export type Persona = z.infer<typeof PersonaSchema>;

export const PersonasSchema = z
  .array(PersonaSchema)
  .max(200)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate persona "${p.key}"` });
      seen.add(p.key);
    });
  });
