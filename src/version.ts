/** The redkube release, reported by `rk version` and in `/version`'s gitVersion. */
export const REDKUBE_VERSION = '0.1.0';
