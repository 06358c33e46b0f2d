/**
 * ConfigMap and Secret validation: keys usable as file names, the 1 MiB size
 * limit, and the keys each well-known Secret type must carry.
 */
import { at, invalidValue, key, required, syntaxErrors, tooLong, type FieldError } from './field-errors.js';
import { isConfigMapKey } from './name-syntax.js';
import { type Obj, isObj } from './json.js';

/** Largest total payload of a ConfigMap or Secret, 1 MiB as in Kubernetes. */
const MAX_DATA_SIZE = 1024 * 1024;

/** Keys a Secret of a well-known type must have (in data or stringData). */
const SECRET_TYPE_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function validateKeys(map: unknown, path: string): FieldError[] {
  if (!isObj(map)) return [];
  return Object.keys(map).flatMap((k) => syntaxErrors(key(path, k), k, isConfigMapKey(k)));
}

function byteSize(map: unknown, decode: boolean): number {
  if (!isObj(map)) return 0;
  let size = 0;
  for (const v of Object.values(map)) {
    if (typeof v === 'string') size += decode ? Buffer.from(v, 'base64').length : Buffer.byteLength(v);
  }
  return size;
}

/** ConfigMap: valid keys, no key in both data and binaryData, at most 1 MiB. */
export function validateConfigMap(obj: Obj): FieldError[] {
  const errs = [...validateKeys(obj.data, 'data'), ...validateKeys(obj.binaryData, 'binaryData')];
  if (isObj(obj.data) && isObj(obj.binaryData)) {
    for (const k of Object.keys(obj.binaryData)) {
      if (k in obj.data) errs.push(invalidValue(key('data', k), k, 'duplicate of key present in binaryData'));
    }
  }
  if (byteSize(obj.data, false) + byteSize(obj.binaryData, true) > MAX_DATA_SIZE) errs.push(tooLong('', MAX_DATA_SIZE));
  return errs;
}

function validateSecretType(obj: Obj): FieldError[] {
  const has = (k: string) => (isObj(obj.data) && k in obj.data) || (isObj(obj.stringData) && k in obj.stringData);
  if (obj.type === 'kubernetes.io/service-account-token') {
    const annotations = isObj(obj.metadata?.annotations) ? obj.metadata.annotations : {};
    const name = 'kubernetes.io/service-account.name';
    return annotations[name] ? [] : [required(key(at('metadata', 'annotations'), name))];
  }
  if (obj.type === 'kubernetes.io/basic-auth' && !has('username') && !has('password')) {
    return [required(key('data', 'username')), required(key('data', 'password'))];
  }
  return (SECRET_TYPE_KEYS[obj.type] ?? []).filter((k) => !has(k)).map((k) => required(key('data', k)));
}

/** Secret: valid keys, at most 1 MiB decoded, and the keys its type requires. */
export function validateSecret(obj: Obj): FieldError[] {
  const errs = [...validateKeys(obj.data, 'data'), ...validateKeys(obj.stringData, 'stringData'), ...validateSecretType(obj)];
  if (byteSize(obj.data, true) + byteSize(obj.stringData, false) > MAX_DATA_SIZE) errs.push(tooLong('data', MAX_DATA_SIZE));
  return errs;
}

