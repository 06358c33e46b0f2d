/**
 * Syntax checks for names, label keys and values, config keys and port names.
 *
 * Each check returns the list of problems (empty when valid) worded exactly as
 * kube-apiserver words them, so clients and scripts that match on those messages
 * behave the same against redkube. Selectors, validation and the HTTP layer all
 * use these, so a name accepted in one place is accepted everywhere.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const CONFIG_KEY = '[-._a-zA-Z0-9]+';

const anchored = (re: string): RegExp => new RegExp(`^${re}$`);
const DNS1123_LABEL_RE = anchored(DNS1123_LABEL);
const DNS1123_SUBDOMAIN_RE = anchored(DNS1123_SUBDOMAIN);
const DNS1035_LABEL_RE = anchored(DNS1035_LABEL);
const QUALIFIED_NAME_RE = anchored(QUALIFIED_NAME);
const LABEL_VALUE_RE = anchored(LABEL_VALUE);
const CONFIG_KEY_RE = anchored(CONFIG_KEY);

/** Longest RFC 1123 label (and label value, and qualified-name part). */
const LABEL_MAX_LENGTH = 63;
/** Longest RFC 1123 subdomain. */
const SUBDOMAIN_MAX_LENGTH = 253;

/** Formats an example list and regex the way Kubernetes' regexError does. */
function regexError(msg: string, re: string, ...examples: string[]): string {
  const eg = examples.length ? ` (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, ` : ' (';
  return `${msg}${eg}regex used for validation is '${re}')`;
}

function maxLen(max: number): string {
  return `must be no more than ${max} characters`;
}

/** RFC 1123 label: namespaces, container and port names. */
export function isDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_MAX_LENGTH) errs.push(maxLen(LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL, 'my-name', '123-abc'));
  }
  return errs;
}

/** RFC 1123 subdomain: the default object name syntax. */
export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > SUBDOMAIN_MAX_LENGTH) errs.push(maxLen(SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN, 'example.com'));
  }
  return errs;
}

/** RFC 1035 label: service names, which become DNS names that must not start with a digit. */
export function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_MAX_LENGTH) errs.push(maxLen(LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL, 'my-name', 'abc-123'));
  }
  return errs;
}

/** Qualified name (`[prefix/]name`): label and annotation keys, finalizers, taint keys. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    name = rest;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else if (parts.length > 2) {
    return [regexError("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QUALIFIED_NAME, 'MyName', 'my.name', '123-abc') +
      " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) return [...errs, 'name part must be non-empty'];
  if (name.length > LABEL_MAX_LENGTH) errs.push(`name part ${maxLen(LABEL_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/** Label value: empty, or up to 63 alphanumerics with '-', '_', '.' inside. */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_MAX_LENGTH) errs.push(maxLen(LABEL_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** ConfigMap and Secret data keys, which become file names when mounted. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > SUBDOMAIN_MAX_LENGTH) errs.push(maxLen(SUBDOMAIN_MAX_LENGTH));
  if (!CONFIG_KEY_RE.test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY, 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** IANA service name: named container and service ports (at most 15 characters). */
export function isPortName(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(value)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (/[a-z]/.test(value) === false) errs.push('must contain at least one letter (a-z)');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Integer port number in 1..65535. */
export function isPortNumber(value: number): string[] {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}
