/** Which homeservers serve clients on other hosts over the private network (the mesh). */

export type RemoteClient = { readonly homeserver: string; readonly host: string };

/**
 * Whether a homeserver's client listener also opens on the private network (the mesh), for its
 * bridges and moderation bots on other hosts. Synapse's listener binds the private address
 * itself; the Conduit family's module binds one address (loopback, behind nginx), so a socket
 * on the private address forwards to it (`HOMESERVER_PRIVATE_PROXY_UNIT`).
 */
export function servesRemoteClients(
    hs: { readonly name: string; readonly host: string },
    bots: readonly RemoteClient[],
    bridges: readonly RemoteClient[],
): boolean {
    const remote = (c: RemoteClient) => c.homeserver === hs.name && c.host !== hs.host;
    return bots.some(remote) || bridges.some(remote);
}
