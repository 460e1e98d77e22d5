/**
 * Who a demo customer is: name, e-mail, ids and demographics, all drawn from the customer's own
 * random stream so they are deterministic for (seed, customer index).
 */
import type { Rng } from './random.js';
import type { Persona } from './personas.js';

const FIRST = [
  'Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Lena', 'Omar', 'Priya', 'Lucas', 'Chloe', 'Mateo', 'Hannah', 'Kenji', 'Sofia',
  'Daniel', 'Amara', 'Jonas', 'Ines', 'Caleb', 'Freya', 'Ravi', 'Elena', 'Theo', 'Nadia', 'Samuel', 'Yara', 'Felix', 'Grace', 'Diego',
  'Leah', 'Arjun', 'Mila', 'Oscar', 'Aisha', 'Hugo', 'Ruby', 'Tariq', 'Clara', 'Finn',
];
const LAST = [
  'Smith', 'Garcia', 'Chen', 'Okafor', 'Müller', 'Rossi', 'Nguyen', 'Patel', 'Johnson', 'Kowalski', 'Silva', 'Andersson', 'Kim',
  'Martin', 'Haddad', 'Brown', 'Novak', 'Tanaka', 'Dubois', 'Murphy', 'Larsen', 'Costa', 'Walker', 'Ivanova', 'Hughes', 'Mensah',
  'Fischer', 'Reyes', 'Olsen', 'Bakker',
];
const CITIES: Record<string, number> = {
  Seattle: 5, Portland: 4, Denver: 5, 'Salt Lake City': 3, Boulder: 2, 'San Francisco': 4, Minneapolis: 3, Boston: 3,
  Chicago: 3, Austin: 3, Bend: 1, Asheville: 1, Burlington: 1, Anchorage: 1, 'New York': 3,
};
/** Stores: id and city. */
export const STORES = [
  ['NW-SEA-01', 'Seattle'],
  ['NW-PDX-01', 'Portland'],
  ['NW-DEN-01', 'Denver'],
  ['NW-SFO-01', 'San Francisco'],
  ['NW-BOS-01', 'Boston'],
] as const;

export interface Person {
  firstName: string;
  lastName: string;
  /** `first.last{n}@example.com`, lower case ASCII. */
  email: string;
  userId: string;
  city: string;
  ageBand: string;
  storeId: string;
}

function ascii(s: string): string {
  return s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
}
const ASCII = new Map([...FIRST, ...LAST].map((n) => [n, ascii(n)]));

export function drawPerson(rng: Rng, persona: Persona, seed: number, index: number): Person {
  const firstName = rng.pick(FIRST);
  const lastName = rng.pick(LAST);
  const city = rng.weighted(CITIES);
  const local = STORES.find(([, c]) => c === city);
  return {
    firstName,
    lastName,
    email: `${ASCII.get(firstName)}.${ASCII.get(lastName)}${index + 1}@example.com`,
    userId: `nw_${(seed >>> 0).toString(36)}_${(index + 1).toString(36).padStart(5, '0')}`,
    city,
    ageBand: rng.weighted(persona.ageBands),
    storeId: local ? local[0] : rng.pick(STORES)[0],
  };
}
