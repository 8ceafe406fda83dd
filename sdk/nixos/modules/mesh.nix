# The WireGuard mesh between the stack's hosts, with networking.wireguard.interfaces: it
# runs on the scripted networking nixos-infect's networking.nix configures, where
# systemd-networkd netdevs would need networkd to take over the host's own interfaces.
# The private key is the file the key step made on the host (never in the store); peers'
# public keys arrive in params.json. Services that reach other hosts start after the mesh.
{ lib, ... }:
let
  params = import ./params.nix;
  mesh = params.mesh;
in
{
  config = lib.mkIf (mesh != null) {
    networking.wireguard.interfaces.${mesh.interface} = {
      ips = mesh.ips;
      listenPort = mesh.listenPort;
      privateKeyFile = mesh.privateKeyFile;
      peers = map (peer: {
        inherit (peer) publicKey allowedIPs endpoint persistentKeepalive;
      }) mesh.peers;
    };
    systemd.services = lib.listToAttrs (map (unit: lib.nameValuePair unit {
      after = [ "${mesh.unit}.service" ];
      wants = [ "${mesh.unit}.service" ];
    }) mesh.unitsAfter) // {
      # The key file changes under a running interface on rotation; its new public key
      # changes the unit, so the switch restarts it with the new private key.
      ${mesh.unit}.restartTriggers = [ mesh.publicKey ];
    };
  };
}
