/**
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), which
 * kubectl's `create` generators send: the magic `k8s\0` followed by a runtime.Unknown
 * {1: typeMeta {1: apiVersion, 2: kind}, 2: raw object bytes, 3: contentEncoding,
 * 4: contentType}. redkube stores JSON, so bodies are turned into the object kubectl
 * would have sent as JSON; kinds without a schema are refused with a hint to use JSON.
 */
import { ApiError, badRequest } from '../errors.js';
import { DEPLOYMENT } from './apps-v1.js';
import { CRON_JOB, JOB } from './batch-v1.js';
import { decodeMessage, encodeMessage } from './codec.js';
import { CONFIG_MAP, NAMESPACE, SECRET, SERVICE, SERVICE_ACCOUNT } from './core-v1.js';
import type { MessageSchema } from './schema.js';
import { WireReader, WireType, WireWriter } from './wire.js';

/** The media type of Kubernetes protobuf bodies. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** The 4 bytes every Kubernetes protobuf body starts with. */
const MAGIC = Buffer.from('k8s\0', 'latin1');

/** Schemas by `apiVersion/kind`: one entry per kind a generator can send. */
const SCHEMAS: Readonly<Record<string, MessageSchema>> = {
  'v1/Namespace': NAMESPACE,
  'v1/ConfigMap': CONFIG_MAP,
  'v1/Secret': SECRET,
  'v1/ServiceAccount': SERVICE_ACCOUNT,
  'v1/Service': SERVICE,
  'apps/v1/Deployment': DEPLOYMENT,
  'batch/v1/Job': JOB,
  'batch/v1/CronJob': CRON_JOB,
};

/** The `apiVersion/kind` pairs redkube decodes from protobuf; anything else gets 415. */
export const PROTOBUF_KINDS: string[] = Object.keys(SCHEMAS);

/** The runtime.Unknown envelope's parts. */
interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** Reads runtime.Unknown; its fields are all length-delimited, anything else is skipped. */
function readEnvelope(bytes: Uint8Array): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '', contentType: '' };
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    if (wireType !== WireType.Bytes) reader.skip(wireType);
    else if (field === 1) Object.assign(env, readTypeMeta(reader.bytes()));
    else if (field === 2) env.raw = reader.bytes();
    else if (field === 3) env.contentEncoding = utf8.decode(reader.bytes());
    else if (field === 4) env.contentType = utf8.decode(reader.bytes());
    else reader.skip(wireType);
  }
  return env;
}

/** Reads runtime.TypeMeta {1: apiVersion, 2: kind}. */
function readTypeMeta(bytes: Uint8Array): { apiVersion: string; kind: string } {
  const out = { apiVersion: '', kind: '' };
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    if (wireType === WireType.Bytes && field === 1) out.apiVersion = utf8.decode(reader.bytes());
    else if (wireType === WireType.Bytes && field === 2) out.kind = utf8.decode(reader.bytes());
    else reader.skip(wireType);
  }
  return out;
}

/** 415 for a kind redkube has no schema for, telling the user how to send JSON instead. */
function unsupportedKind(apiVersion: string, kind: string): ApiError {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return new ApiError(
    'UnsupportedMediaType',
    `redkube cannot decode ${kind} (${apiVersion}) from ${PROTOBUF_CONTENT_TYPE}; it decodes ${PROTOBUF_KINDS.join(', ')}. ` +
      'Send JSON instead, e.g. `kubectl create ... -o yaml --dry-run=client | kubectl apply -f -`',
    { kind, group },
  );
}

function schemaFor(apiVersion: string, kind: string): MessageSchema {
  const schema = SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) throw unsupportedKind(apiVersion, kind);
  return schema;
}

/**
 * Decodes a `k8s\0`-enveloped protobuf body into a plain JSON-shaped object with
 * kind and apiVersion set, equal to the JSON kubectl sends for the same object
 * (except that a zero creationTimestamp is omitted rather than `null`).
 * Throws UnsupportedMediaType (415) for kinds or encodings it cannot decode and
 * BadRequest (400) for malformed bytes.
 */
export function decodeProtobufObject(body: Buffer): Record<string, any> {
  if (body.length < MAGIC.length || !MAGIC.equals(body.subarray(0, MAGIC.length))) {
    throw badRequest(`${PROTOBUF_CONTENT_TYPE} body must start with the bytes "k8s\\0"`);
  }
  const env = readEnvelope(body.subarray(MAGIC.length));
  if (!env.apiVersion || !env.kind) throw badRequest(`${PROTOBUF_CONTENT_TYPE} body does not name its apiVersion and kind`);
  if (env.contentEncoding) {
    throw new ApiError('UnsupportedMediaType', `redkube cannot decode protobuf bodies with content encoding "${env.contentEncoding}"; send JSON instead`);
  }
  if (env.contentType && env.contentType !== PROTOBUF_CONTENT_TYPE) {
    throw new ApiError('UnsupportedMediaType', `redkube cannot decode a protobuf envelope holding "${env.contentType}"; send JSON instead`);
  }
  const schema = schemaFor(env.apiVersion, env.kind);
  return { kind: env.kind, apiVersion: env.apiVersion, ...decodeMessage(schema, env.raw) };
}

/**
 * Encodes a JSON object of a supported kind the way Kubernetes' own marshaller does,
 * byte for byte for the fields the schema knows, so tests and clients can produce
 * realistic bodies. Throws UnsupportedMediaType (415) for other kinds.
 */
export function encodeProtobufObject(obj: Record<string, any>): Buffer {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const raw = encodeMessage(schemaFor(apiVersion, kind), obj);
  const typeMeta = new WireWriter()
    .tag(1, WireType.Bytes).bytes(utf8Encoder.encode(apiVersion))
    .tag(2, WireType.Bytes).bytes(utf8Encoder.encode(kind))
    .finish();
  const unknown = new WireWriter()
    .tag(1, WireType.Bytes).bytes(typeMeta)
    .tag(2, WireType.Bytes).bytes(raw)
    .tag(3, WireType.Bytes).bytes(new Uint8Array())
    .tag(4, WireType.Bytes).bytes(new Uint8Array())
    .finish();
  return Buffer.concat([MAGIC, unknown]);
}
