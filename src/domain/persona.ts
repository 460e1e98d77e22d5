/**
 * Personas: named kinds of customers, each with a membership rule over traits and behaviour
 * ("did Checkout Started at least 3 times", "never did Support Ticket"). Analyses take a persona
 * key and look at its members only; the map shows who a persona is.
 */
import { z } from 'zod';
import { BehaviourConditionSchema } from '../analytics/behaviour.js';
import { ConditionSchema } from '../analytics/condition.js';

const Items = z.array(z.string().trim().min(1, 'an item cannot be empty').max(300)).max(20);

export const PersonaProfileSchema = z
  .object({
    /** An image URL (https: or data:image/…), or null for initials on a colour. */
    photo: z
      .string()
      .max(200_000)
      .regex(/^(https:\/\/|data:image\/(png|jpeg|webp|gif);base64,)/, 'a photo is an https: URL or a data:image/… URL')
      .nullable()
      .default(null),
    goals: Items.default([]),
    motivations: Items.default([]),
    painPoints: Items.default([]),
    /** Age range, location, occupation, … as label → value. */
    demographics: z.record(z.string().trim().min(1).max(60), z.string().trim().max(200)).default({}),
  })
  .strict();
export type PersonaProfile = z.infer<typeof PersonaProfileSchema>;

export const PersonaSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'lower-case letters, digits, "_" or "-", at most 50'),
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).default(''),
    /** What the map shows of who the persona is. */
    profile: PersonaProfileSchema.default({ photo: null, goals: [], motivations: [], painPoints: [], demographics: {} }),
    /** Customers whose traits meet every condition (and whose behaviour meets every behaviour condition) belong to the persona. */
    rule: z.array(ConditionSchema).max(20),
    /** Conditions on what members did, over all their behavioural events. */
    behaviour: z.array(BehaviourConditionSchema).max(10).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.rule.length === 0 && p.behaviour.length === 0) ctx.addIssue({ code: 'custom', path: ['rule'], message: 'a persona needs at least one condition (on traits or behaviour)' });
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
