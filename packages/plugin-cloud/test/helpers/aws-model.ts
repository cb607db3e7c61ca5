import { readFileSync } from 'node:fs';

// Shapes extracted from botocore's service models (see test/fixtures/aws/extract-shapes.py).
interface Member {
  shape: string;
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
}
interface Shape {
  type: string;
  members?: Record<string, Member>;
  member?: Member;
  flattened?: boolean;
}
interface Service {
  metadata: { apiVersion: string; protocol: string; xmlNamespace: string };
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, Shape>;
  examples: Record<string, Array<{ input?: unknown; output?: unknown }>>;
}
const model = JSON.parse(readFileSync(new URL('../fixtures/aws/shapes.json', import.meta.url), 'utf8')) as {
  services: Record<string, Service>;
};

/** The extracted model of a service (`ec2`, `cloudwatch`, `sts`). */
export function service(name: string): Service {
  const s = model.services[name];
  if (!s) throw new Error(`no model for ${name}`);
  return s;
}

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Serializes a value (keyed by member names, as botocore examples are) to XML by the model:
 * element names from `locationName`, list entries as `<item>` (ec2) or `<member>` (query).
 */
export function toXml(svc: Service, shapeName: string, value: unknown): string {
  const shape = svc.shapes[shapeName];
  if (!shape) throw new Error(`unknown shape ${shapeName}`);
  if (shape.type === 'structure') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) if (!shape.members?.[key]) throw new Error(`${shapeName} has no member ${key}`);
    return Object.entries(shape.members ?? {})
      .filter(([name]) => obj[name] !== undefined)
      .map(([name, m]) => {
        const tag = m.locationName ?? name;
        return `<${tag}>${toXml(svc, m.shape, obj[name])}</${tag}>`;
      })
      .join('');
  }
  if (shape.type === 'list') {
    if (!Array.isArray(value)) throw new Error(`${shapeName} expects a list`);
    const tag = shape.member?.locationName ?? 'member';
    return value.map((v) => `<${tag}>${toXml(svc, shape.member?.shape as string, v)}</${tag}>`).join('');
  }
  if (shape.type === 'timestamp') return esc(new Date(value as string | number).toISOString());
  return esc(String(value));
}

/** A whole answer of an operation, as the service's protocol wraps it. */
export function answer(svc: Service, operation: string, output: unknown): string {
  const ns = svc.metadata.xmlNamespace;
  const shape = svc.operations[operation]?.output?.shape;
  const inner = shape ? toXml(svc, shape, output ?? {}) : '<return>true</return>';
  if (svc.metadata.protocol === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${ns}"><requestId>req-1</requestId>${inner}</${operation}Response>`;
  }
  return `<${operation}Response xmlns="${ns}"><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${operation}Response>`;
}

/** An error answer in the service's protocol. */
export function errorAnswer(svc: Service, code: string, message: string): string {
  return svc.metadata.protocol === 'ec2'
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`
    : `<ErrorResponse xmlns="${svc.metadata.xmlNamespace}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
}

/**
 * Checks request parameters against the operation's input shape: every key must be a path
 * the protocol's serializer could produce (`Filter.1.Value.2` for ec2, `X.member.1.Y` for
 * query). Returns the keys that are not.
 */
export function unknownParams(svc: Service, operation: string, params: Record<string, string>): string[] {
  const input = svc.operations[operation]?.input?.shape;
  const ec2 = svc.metadata.protocol === 'ec2';
  const valid = (shapeName: string, parts: string[]): boolean => {
    const shape = svc.shapes[shapeName];
    if (!shape) return false;
    if (shape.type === 'structure') {
      const [head, ...rest] = parts;
      const entry = Object.entries(shape.members ?? {}).find(([name, m]) => {
        const serialized = ec2
          ? (m.queryName ?? (m.locationName ? m.locationName[0]?.toUpperCase() + m.locationName.slice(1) : name))
          : (m.locationName ?? name);
        return serialized === head;
      });
      return entry !== undefined && valid(entry[1].shape, rest);
    }
    if (shape.type === 'list') {
      const rest = ec2 || shape.flattened ? parts : parts[0] === 'member' ? parts.slice(1) : ['x'];
      const [index, ...more] = rest;
      return /^[1-9]\d*$/.test(index ?? '') && valid(shape.member?.shape as string, more);
    }
    return parts.length === 0;
  };
  return Object.keys(params).filter((k) => k !== 'Action' && k !== 'Version' && !(input && valid(input, k.split('.'))));
}
