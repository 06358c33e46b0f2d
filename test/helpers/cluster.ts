/**
 * Test fixture: a private redis-server on a free port and an in-process apiserver
 * on another free port. Every test file starts its own and stops it in `after`.
 */
import { startRedisServer, type RedisServer } from '../../src/util/redis-server.js';
import { startApiserver, type ApiserverOptions, type RunningApiserver } from '../../src/apiserver/server.js';

/** A running test cluster (Redis + apiserver). */
export interface TestCluster {
  url: string;
  redis: RedisServer;
  apiserver: RunningApiserver;
  /** Stops and starts the apiserver on the same port (Redis keeps the data). */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Redis and an apiserver; options are passed to the apiserver. */
export async function startTestCluster(opts: Partial<ApiserverOptions> = {}): Promise<TestCluster> {
  const redis = await startRedisServer();
  const options: ApiserverOptions = { redisUrl: redis.url, port: 0, processMetrics: false, bookmarkIntervalMs: 1000, ...opts };
  let apiserver = await startApiserver(options);
  const cluster: TestCluster = {
    url: apiserver.url,
    redis,
    apiserver,
    async restartApiserver() {
      await apiserver.close();
      apiserver = await startApiserver({ ...options, port: apiserver.port });
      cluster.apiserver = apiserver;
    },
    async stop() {
      await apiserver.close().catch(() => undefined);
      await redis.stop();
    },
  };
  return cluster;
}
