import net from 'node:net';

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * Free loopback TCP ports, found by letting the OS pick and releasing them at once. With `TEST_PORTS=3500-3599`
 * they are taken from that range only, for a machine where each engineer's runs keep to their own ports.
 */
export async function freePorts(count: number): Promise<number[]> {
  const range = /^(\d{1,5})-(\d{1,5})$/.exec(process.env.TEST_PORTS ?? '');
  if (range) return freePortsIn(Number(range[1]), Number(range[2]), count);
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Where the next search in the range starts: after the ports handed out last, round the range. Ports handed out are
 * free only until their process listens, so a caller asking twice before then (a cluster started process by process)
 * would otherwise be given the same ports again.
 */
let cursor = 0;

async function freePortsIn(first: number, last: number, count: number): Promise<number[]> {
  const ports: number[] = [];
  const size = last - first + 1;
  for (let tried = 0; tried < size && ports.length < count; tried += 1) {
    const port = first + ((cursor + tried) % size);
    if (await isFree(port)) ports.push(port);
  }
  if (ports.length < count) throw new Error(`TEST_PORTS=${first}-${last}: ${ports.length} of ${count} ports are free`);
  cursor = ((ports.at(-1) as number) - first + 1) % size;
  return ports;
}
