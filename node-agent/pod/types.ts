/**
 * What a pod worker knows about each container of its pod. The worker owns and
 * updates these records; the planner and the status builder only read them.
 */

/** One finished run of a container. */
export interface Termination {
  containerID: string;
  exitCode: number;
  signal?: string;
  reason: string;
  message?: string;
  startedAt: number;
  finishedAt: number;
}

/** The worker's view of one container. */
export interface ContainerRecord {
  name: string;
  image: string;
  init: boolean;
  /** Runs started so far; restartCount is attempts - 1. */
  attempts: number;
  running?: { containerID: string; startedAt: number };
  lastExit?: Termination;
  previousExit?: Termination;
  /** Consecutive crashes, for CrashLoopBackOff. */
  crashes: number;
  /** No restart before this time (ms). */
  backoffUntil?: number;
  /** Why the container could not be created (CreateContainerConfigError, CreateContainerError). */
  waiting?: { reason: string; message: string };
  /** Readiness probe verdict (true without a readiness probe once started). */
  ready: boolean;
  /** Startup probe verdict (true without a startup probe). */
  started: boolean;
  /** Liveness (or startup) probe asked for a restart. */
  unhealthy: boolean;
}

/** A fresh record for a container that has never run. */
export function newRecord(name: string, image: string, init: boolean): ContainerRecord {
  return { name, image, init, attempts: 0, crashes: 0, ready: false, started: false, unhealthy: false };
}

/** Container fields the planner and status builder read from the pod spec. */
export interface ContainerSpecLite {
  name: string;
  image?: string;
}

/** Pod spec fields the planner reads. */
export interface PodSpecLite {
  initContainers?: ContainerSpecLite[];
  containers: ContainerSpecLite[];
  restartPolicy?: string;
}
