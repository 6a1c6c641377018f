#!/usr/bin/env node
/*
 * Write the JSON Schema of librechat.yaml that LibreChat validates at start-up,
 * converted from the zod `configSchema` of an installed `librechat-data-provider`.
 *
 *   npm install --prefix /tmp/ldp librechat-data-provider@0.8.524
 *   node scripts/generate_librechat_schema.js /tmp/ldp > schemas/librechat/config-1.3.17.json
 *
 * LibreChat runs `configSchema.strict().safeParse(yaml)`, so the top level is
 * strict (additionalProperties: false), and so is every zod object declared
 * `.strict()` (`endpoints`, `customParams`, ...); other objects strip unknown
 * keys and accept them. The conversion only ever widens: a refinement keeps its
 * base type (it can only reject more), a preprocess or lazy schema accepts
 * anything, so the JSON Schema never rejects what zod accepts. The one
 * refinement that matters for endpoints (a custom endpoint may not be named
 * after a built-in one) is encoded by probing it with every built-in name.
 */
'use strict';
const path = require('path');

const prefix = process.argv[2];
if (!prefix) {
  console.error('usage: generate_librechat_schema.js NODE_PREFIX (where librechat-data-provider is installed)');
  process.exit(2);
}
const pkgDir = path.resolve(prefix, 'node_modules/librechat-data-provider');
const dp = require(pkgDir);
const pkg = require(path.join(pkgDir, 'package.json'));

const RESERVED = Object.values(dp.EModelEndpoint);

function isOptional(s) {
  const t = s._def.typeName;
  if (t === 'ZodOptional' || t === 'ZodDefault' || t === 'ZodUndefined' || t === 'ZodAny' || t === 'ZodUnknown') return true;
  if (t === 'ZodEffects') return isOptional(s._def.schema);
  if (t === 'ZodNullable') return isOptional(s._def.innerType);
  if (t === 'ZodUnion') return s._def.options.some(isOptional);
  return false;
}

function enumValues(values) {
  // A TypeScript numeric enum maps both ways; keep the values only.
  const obj = values;
  const keys = Object.keys(obj).filter((k) => typeof obj[obj[k]] !== 'number');
  return [...new Set(keys.map((k) => obj[k]))];
}

function refinementMessage(schema) {
  // Probe a string refinement with the built-in endpoint names: when it rejects
  // exactly those, it is the "not a default endpoint name" rule.
  const accepts = (value) => {
    try {
      return schema.safeParse(value).success;
    } catch (error) {
      return null; // a refinement that throws on plain names (e.g. URL checks) is not this rule
    }
  };
  const verdicts = RESERVED.map(accepts);
  if (verdicts.every((v) => v === false) && accepts('my-endpoint') === true) {
    const issue = schema.safeParse(RESERVED[0]).error.issues[0];
    return { not: { enum: RESERVED }, 'x-message': issue.message };
  }
  return null;
}

function convert(s, depth = 0) {
  if (depth > 60) return {};
  const d = s._def;
  switch (d.typeName) {
    case 'ZodString': {
      const out = { type: 'string' };
      for (const c of d.checks || []) if (c.kind === 'min') out.minLength = c.value;
      return out;
    }
    case 'ZodNumber': {
      const out = { type: 'number' };
      for (const c of d.checks || []) {
        if (c.kind === 'int') out.type = 'integer';
        if (c.kind === 'min') out[c.inclusive ? 'minimum' : 'exclusiveMinimum'] = c.value;
        if (c.kind === 'max') out[c.inclusive ? 'maximum' : 'exclusiveMaximum'] = c.value;
      }
      return out;
    }
    case 'ZodBoolean':
      return { type: 'boolean' };
    case 'ZodNull':
      return { type: 'null' };
    case 'ZodUndefined':
    case 'ZodNever':
      return { not: {} };
    case 'ZodLiteral':
      return { const: d.value };
    case 'ZodEnum':
      return { enum: [...d.values] };
    case 'ZodNativeEnum':
      return { enum: enumValues(d.values) };
    case 'ZodOptional':
    case 'ZodDefault':
    case 'ZodCatch':
    case 'ZodReadonly':
    case 'ZodBranded':
      return convert(d.innerType || d.type, depth + 1);
    case 'ZodNullable':
      return { anyOf: [convert(d.innerType, depth + 1), { type: 'null' }] };
    case 'ZodArray': {
      const out = { type: 'array', items: convert(d.type, depth + 1) };
      if (d.minLength) out.minItems = d.minLength.value;
      if (d.maxLength) out.maxItems = d.maxLength.value;
      if (d.exactLength) out.minItems = out.maxItems = d.exactLength.value;
      return out;
    }
    case 'ZodRecord':
      return { type: 'object', additionalProperties: convert(d.valueType, depth + 1) };
    case 'ZodObject': {
      const shape = d.shape();
      const out = { type: 'object', properties: {} };
      const required = [];
      for (const [k, v] of Object.entries(shape)) {
        out.properties[k] = convert(v, depth + 1);
        if (!isOptional(v)) required.push(k);
      }
      if (required.length) out.required = required;
      const catchall = d.catchall && d.catchall._def.typeName !== 'ZodNever' ? d.catchall : null;
      if (catchall) out.additionalProperties = convert(catchall, depth + 1);
      else if (d.unknownKeys === 'strict') out.additionalProperties = false;
      return out;
    }
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion': {
      const options = Array.isArray(d.options) ? d.options : [...d.options.values()];
      return { anyOf: options.filter((o) => o._def.typeName !== 'ZodUndefined').map((o) => convert(o, depth + 1)) };
    }
    case 'ZodIntersection':
      return { allOf: [convert(d.left, depth + 1), convert(d.right, depth + 1)] };
    case 'ZodPipeline':
      return convert(d.in, depth + 1);
    case 'ZodEffects': {
      if (d.effect.type === 'preprocess') return {};
      const inner = convert(d.schema, depth + 1);
      if (d.effect.type === 'refinement' && d.schema._def.typeName === 'ZodString') {
        const extra = refinementMessage(s);
        if (extra) return { ...inner, ...extra };
      }
      if (d.effect.type === 'refinement' && d.schema._def.typeName === 'ZodObject') {
        // `.refine((data) => Object.keys(data).length > 0)`: an empty object is refused.
        const empty = s.safeParse({});
        if (!empty.success && d.schema.safeParse({}).success) {
          return { ...inner, minProperties: 1, 'x-message': empty.error.issues[0].message };
        }
      }
      return inner;
    }
    default: // ZodAny, ZodUnknown, ZodLazy, ZodDate, ZodTuple, ...: accept anything
      return {};
  }
}

const schema = convert(dp.configSchema.strict());
const out = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'librechat.yaml as validated at start-up (configSchema.strict())',
  'x-config-version': dp.Constants.CONFIG_VERSION,
  'x-source': `npm librechat-data-provider@${pkg.version}`,
  'x-generator': 'scripts/generate_librechat_schema.js',
  'x-reserved-endpoint-names': RESERVED,
  ...schema,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
