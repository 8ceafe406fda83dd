/** Which homeservers serve clients on other hosts over the private network (the mesh). */

export type RemoteClient = { readonly homeserver: string; readonly host: string };

/**
 * Whether a homeserver's client listener also opens on the private network (the mesh), for
 * clients on other hosts: its moderation bots, and on Synapse its bridges. Conduit's module
 * binds one address (`settings.global.address`), so bridges on other hosts reach a
 * Conduit-family homeserver through nginx on its domain instead.
 */
export function servesRemoteClients(
    hs: { readonly name: string; readonly host: string; readonly implementation: string },
    bots: readonly RemoteClient[],
    bridges: readonly RemoteClient[],
): boolean {
    const remote = (c: RemoteClient) => c.homeserver === hs.name && c.host !== hs.host;
    return bots.some(remote) || (hs.implementation === "synapse" && bridges.some(remote));
}
