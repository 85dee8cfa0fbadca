// Turns a failed listen() into a sentence a user can act on: the error code alone ("EADDRNOTAVAIL") says nothing
// to most people. Pure: no vscode, no sockets.

/** Privileged ports: binding one needs root or CAP_NET_BIND_SERVICE on Linux (or a lowered net.ipv4.ip_unprivileged_port_start). */
const FIRST_UNPRIVILEGED_PORT = 1024;

export function listenErrorText(host: string, port: number, error: unknown): string {
  const err = error as NodeJS.ErrnoException | undefined;
  const code = err?.code;
  const where = `cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (code) {
    case 'EADDRNOTAVAIL':
      return `${where}: ${host} is not an address of this machine. Set rawHttpServer.host to 127.0.0.1, 0.0.0.0 or one of this machine's addresses.`;
    case 'EACCES':
    case 'EPERM':
      return port > 0 && port < FIRST_UNPRIVILEGED_PORT
        ? `${where}: ports below ${FIRST_UNPRIVILEGED_PORT} need extra rights. Set rawHttpServer.port to ${FIRST_UNPRIVILEGED_PORT} or higher (8000 is the default).`
        : `${where}: permission denied (${code}).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `${where}: ${host} is not a known host name or address. Set rawHttpServer.host to 127.0.0.1 or an address of this machine.`;
    case 'EADDRINUSE':
      return `${where}: the port and every port tried after it are in use.`;
    default:
      return `${where}: ${code ?? (err instanceof Error ? err.message : String(error))}`;
  }
}
