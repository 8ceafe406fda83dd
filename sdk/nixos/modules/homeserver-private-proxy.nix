# A Conduit-family homeserver's client listener on the private (mesh) address, for bridges on
# other hosts: the server's module binds one address, loopback, behind nginx. A socket on the
# private address hands each connection to systemd-socket-proxyd, which forwards it there.
# FreeBind: the socket binds before the mesh interface has the address, so nothing waits for
# the mesh and a mesh that fails to come up takes nothing else down.
{ lib, pkgs, ... }:
let
  params = import ./params.nix;
  proxy = params.homeserverPrivateProxy;
in
{
  config = lib.mkIf (proxy != null) {
    systemd.sockets.${proxy.unit} = {
      description = "Homeserver client listener on the private address";
      wantedBy = [ "sockets.target" ];
      listenStreams = [ proxy.listen ];
      socketConfig.FreeBind = true;
    };
    systemd.services.${proxy.unit} = {
      description = "Forwards the homeserver's private listener to its loopback listener";
      serviceConfig = {
        ExecStart = "${pkgs.systemd}/lib/systemd/systemd-socket-proxyd ${proxy.upstream}";
        DynamicUser = true;
        PrivateTmp = true;
        ProtectSystem = "strict";
        ProtectHome = true;
        NoNewPrivileges = true;
      };
    };
  };
}
