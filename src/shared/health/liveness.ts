/**
 * `GET /healthz` is liveness: the process is running and its event loop answers, nothing more. It reads no
 * database: an orchestrator restarts a process whose liveness fails, and restarting every Cassa process does not
 * mend a database that is down — it only adds a storm of reconnections when the database comes back. Whether a
 * process can serve (its database reachable, its migrations applied) is `/readyz` (readiness.ts), which takes it out
 * of the load balancer instead. Costing no query also keeps a probe every second off the embedded database's one
 * session (the `http` benchmark: docs/performance.md).
 */
export function alive(app: string): { status: 'ok'; app: string } {
  return { status: 'ok', app };
}
