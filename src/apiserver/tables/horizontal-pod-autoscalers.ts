/**
 * HorizontalPodAutoscaler printer: REFERENCE as kind/name, TARGETS as
 * current/target per metric (first two, then "+ N more..."), MINPODS, MAXPODS
 * and current REPLICAS.
 */
import type { Quantity } from 'kubernetes-types/api/resource.js';
import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from 'kubernetes-types/autoscaling/v2.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import { joinWithMore } from './format.js';
import type { Cell, TableColumn } from './types.js';

const SHOWN = 2;

/** HorizontalPodAutoscaler columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Reference', 'string', 'The scaled workload, as kind/name.'),
  column('Targets', 'string', 'Current and target value of each metric.'),
  column('MinPods', 'string', 'Lower replica bound.'),
  column('MaxPods', 'string', 'Upper replica bound.'),
  column('Replicas', 'string', 'Replicas the autoscaler last observed.'),
  AGE,
];

/** A status block as the printer sees it: present or not, with its current values. */
type Observed = { current?: MetricValueStatus } | undefined;

/** A quantity as kubectl prints it; an absent one reads `<nil>`, as it does there. */
function quantity(q: Quantity | undefined): string {
  return q == null ? '<nil>' : String(q);
}

/** Object and External metrics: a plain value, or a per-pod average marked `(avg)`. */
function valueMetric(target: MetricTarget | undefined, observed: Observed): string {
  if (target?.averageValue != null) {
    const average = observed?.current?.averageValue;
    return `${average != null ? quantity(average) : '<unknown>'}/${quantity(target.averageValue)} (avg)`;
  }
  return `${observed ? quantity(observed.current?.value) : '<unknown>'}/${quantity(target?.value)}`;
}

function podsMetric(target: MetricTarget | undefined, observed: Observed): string {
  return `${observed ? quantity(observed.current?.averageValue) : '<unknown>'}/${quantity(target?.averageValue)}`;
}

/** Resource and ContainerResource metrics: `cpu: 40%/80%`, or averages when the target is a value. */
function resourceMetric(name: string, target: MetricTarget | undefined, observed: Observed): string {
  if (target?.averageValue != null) {
    return `${name}: ${observed ? quantity(observed.current?.averageValue) : '<unknown>'}/${quantity(target.averageValue)}`;
  }
  const current = observed?.current?.averageUtilization;
  const wanted = target?.averageUtilization;
  return `${name}: ${current != null ? `${current}%` : '<unknown>'}/${wanted != null ? `${wanted}%` : '<auto>'}`;
}

/** How each metric type prints, given its spec and the status at the same index. */
const METRICS: Readonly<Record<string, (spec: MetricSpec, status: MetricStatus | undefined) => string>> = {
  External: (spec, status) => valueMetric(spec.external?.target, status?.external),
  Pods: (spec, status) => podsMetric(spec.pods?.target, status?.pods),
  Object: (spec, status) => valueMetric(spec.object?.target, status?.object),
  Resource: (spec, status) => resourceMetric(spec.resource?.name ?? '', spec.resource?.target, status?.resource),
  ContainerResource: (spec, status) =>
    resourceMetric(spec.containerResource?.name ?? '', spec.containerResource?.target, status?.containerResource),
};

function targets(hpa: HorizontalPodAutoscaler): string {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const texts = specs.map((spec, i) =>
    Object.hasOwn(METRICS, spec.type) ? METRICS[spec.type](spec, statuses[i]) : '<unknown type>',
  );
  return joinWithMore(texts, SHOWN, ', ');
}

/** One autoscaler row. */
export function row(hpa: HorizontalPodAutoscaler, now: number): Cell[] {
  const ref = hpa.spec?.scaleTargetRef;
  const min = hpa.spec?.minReplicas;
  return [
    hpa.metadata?.name ?? '',
    `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
    targets(hpa),
    min != null ? String(min) : '<unset>',
    hpa.spec?.maxReplicas ?? 0,
    hpa.status?.currentReplicas ?? 0,
    ageSince(hpa.metadata?.creationTimestamp, now),
  ];
}
