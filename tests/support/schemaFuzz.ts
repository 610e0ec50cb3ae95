// Values for fuzzing an API from its OpenAPI (JSON Schema) document: a plausible value for a
// schema, and mutations of it (wrong types, missing and extra fields, impossible dates, huge,
// odd and hostile strings). Deterministic: everything draws from one seeded generator.

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  default?: unknown;
  additionalProperties?: boolean | JsonSchema;
}

/** Strings that have broken parsers, loggers and SQL before. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  "'; DROP TABLE tickets; --",
  '" OR 1=1 --',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '😀',
  'ｗｏｒｋ１',
  'A'.repeat(300),
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '\n\r\t',
  '2026-13-45',
  '2026-02-30',
  '2026-02-30T10:00:00+08:00',
  '2026-03-01T25:00:00Z',
  '9999-99-99T99:99:99Z',
  '2026-03-01',
  '2026-03-01T10:00:00',
  '1e309',
  '110105199001010011',
  'C001',
  'M001',
  'A',
  '1',
];
const HOSTILE_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 53), 1e308, [], {}, [null], { a: 1 }, 'x', '', '2026-13-45'];

function resolve(s: JsonSchema | undefined): JsonSchema {
  if (!s) return {};
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return alt.find((x) => x.type !== 'null') ?? alt[0]!;
  if (s.allOf?.length) return Object.assign({}, ...s.allOf) as JsonSchema;
  return s;
}

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

/** A value that satisfies the schema as far as the schema tells (a good starting point for mutations). */
export function plausible(rng: Rng, schema: JsonSchema | undefined, hints: Record<string, unknown[]> = {}, name = '', depth = 0): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return pick(rng, s.enum);
  if (hints[name]?.length && rng() < 0.7) return pick(rng, hints[name]!);
  switch (typeOf(s) ?? (s.properties ? 'object' : undefined)) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(k) || rng() < 0.6) o[k] = depth > 4 ? null : plausible(rng, v, hints, k, depth + 1);
      }
      return o;
    }
    case 'array': {
      const n = Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, Math.floor(rng() * 3)));
      return Array.from({ length: n }, () => (depth > 4 ? null : plausible(rng, s.items, hints, name, depth + 1)));
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? 0;
      const hi = Math.min(s.maximum ?? lo + 20, lo + 1000);
      const v = lo + rng() * (hi - lo);
      return typeOf(s) === 'integer' ? Math.round(v) : v;
    }
    case 'boolean':
      return rng() < 0.5;
    case 'string': {
      if (s.format === 'date-time') return pick(rng, ['2026-03-02T09:30:00+08:00', '2026-03-02T01:30:00.000Z', new Date().toISOString()]);
      if (s.format === 'date') return pick(rng, ['2026-03-02', '2024-02-29', '2026-12-31']);
      const min = s.minLength ?? 1;
      const max = Math.min(s.maxLength ?? 12, 40);
      const len = Math.max(min, Math.min(max, 1 + Math.floor(rng() * 8)));
      return Array.from({ length: len }, () => pick(rng, 'ABCDEFGHabcdefgh0123456789'.split(''))).join('');
    }
    default:
      return pick(rng, ['x', 1, true, null]);
  }
}

/** One mutation of a value: a field dropped, retyped, made hostile, an extra key, an impossible date. */
export function mutate(rng: Rng, value: unknown, schema: JsonSchema | undefined): unknown {
  const s = resolve(schema);
  const r = rng();
  if (value && typeof value === 'object' && !Array.isArray(value) && r < 0.75) {
    const o = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(s.properties ?? o);
    const k = keys.length ? pick(rng, keys) : 'x';
    const which = rng();
    if (which < 0.2) delete o[k];
    else if (which < 0.35) o[pick(rng, ['__proto__', 'constructor', 'extra', 'id', 'role', 'windowNo', 'ratedAt', 'deviceId'])] = pick(rng, HOSTILE_VALUES);
    else o[k] = mutate(rng, o[k], s.properties?.[k]);
    return o;
  }
  if (Array.isArray(value) && r < 0.5) {
    if (value.length && rng() < 0.5) return value.map((v) => (rng() < 0.5 ? mutate(rng, v, s.items) : v));
    return [...value, ...Array.from({ length: pick(rng, [1, 50, 6000]) }, () => plausible(rng, s.items))];
  }
  const t = rng();
  if (t < 0.45) return pick(rng, HOSTILE_STRINGS);
  if (t < 0.8) return pick(rng, HOSTILE_VALUES);
  return plausible(rng, { type: pick(rng, ['string', 'integer', 'number', 'boolean', 'array', 'object']) });
}

/** A value with no relation to the schema. */
export function randomJson(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (depth > 3 || r < 0.3) return pick(rng, [...HOSTILE_VALUES, ...HOSTILE_STRINGS]);
  if (r < 0.65) return Array.from({ length: Math.floor(rng() * 4) }, () => randomJson(rng, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(rng() * 5); i++)
    o[pick(rng, ['id', 'code', 'windowNo', 'workNo', 'password', 'events', 'at', 'kind', 'x', 'ratedAt'])] = randomJson(rng, depth + 1);
  return o;
}
