import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/**
 * Loads one URL with autocannon for `seconds`: as fast as `connections` keep-alive connections allow, or at a fixed
 * `rate` (requests per second, for latency at a given load). autocannon's own thread sends the requests, so that
 * the load generator does not share the event loop of a server running in this process.
 */
export async function load(
  url: string,
  options: { seconds: number; connections: number; cookie?: string; rate?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    duration: options.seconds,
    connections: options.connections,
    workers: 1,
    headers: options.cookie ? { cookie: options.cookie } : {},
    ...(options.rate ? { overallRate: options.rate } : {}),
  });
  return {
    requestsPerSecond: result.requests.total / options.seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
