/**
 * `npm run bench:proxy`: the service proxy benchmark lives in bench/maglev.ts
 * (Maglev build and lookup figures, then proxy throughput and update latency);
 * this name runs the same.
 */
import './maglev.js';
