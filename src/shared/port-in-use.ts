/**
 * A port another program holds, said the way a person fixes it: which part wanted it and which variable moves it
 * (`listen EADDRINUSE 127.0.0.1:3002` alone leaves them guessing which of five listeners it was).
 */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly part: string,
    readonly variable: string,
    readonly address: string,
  ) {
    super(
      `${part} cannot listen on ${address}: the port is already in use (another Cassa, or another program). ` +
        `Stop it, or choose another port with ${variable}=<port>.`,
    );
  }
}

/** Runs a listen call; a port in use becomes a PortInUseError naming the part and its variable. */
export async function listenOrExplain<T>(
  part: string,
  variable: string,
  where: { host: string; port: number },
  listen: () => Promise<T>,
): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      throw new PortInUseError(part, variable, `${where.host}:${where.port}`);
    }
    throw error;
  }
}
