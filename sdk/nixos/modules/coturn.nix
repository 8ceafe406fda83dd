# coturn with a shared secret read from a file (never `static-auth-secret`, which would
# put it in the world-readable store), TLS from ACME and the relay refusing private peers.
{ config, lib, ... }:
let
  params = import ./params.nix;
  turn = params.coturn;
  certDirectory = config.security.acme.certs.${turn.realm}.directory;
  # nginx's own ACME webroot, so one HTTP-01 responder serves every certificate here.
  acmeWebroot = "/var/lib/acme/acme-challenge";
  peerLines =
    lib.concatMapStringsSep "\n" (range: "denied-peer-ip=${range}") turn.deniedPeerIps
    + lib.optionalString (turn.allowedPeerIps != [ ]) (
      "\n" + lib.concatMapStringsSep "\n" (range: "allowed-peer-ip=${range}") turn.allowedPeerIps
    );
in
{
  config = lib.mkIf (turn != null) (lib.mkMerge [
    {
      services.coturn = {
        enable = true;
        realm = turn.realm;
        use-auth-secret = true;
        static-auth-secret-file = turn.secretFile;
        listening-port = turn.listeningPort;
        tls-listening-port = turn.tlsListeningPort;
        min-port = turn.minPort;
        max-port = turn.maxPort;
        no-cli = true;
        no-tcp-relay = turn.noTcpRelay;
        cert = "${certDirectory}/full.pem";
        pkey = "${certDirectory}/key.pem";
        extraConfig = ''
          no-multicast-peers
          ${peerLines}
        '';
      };
      security.acme.certs.${turn.realm} = {
        group = "turnserver";
        reloadServices = [ "coturn.service" ];
      };
    }
    (lib.mkIf (turn.acmeChallenge == "standalone") {
      security.acme.certs.${turn.realm}.listenHTTP = ":80";
    })
    (lib.mkIf (turn.acmeChallenge == "nginx-webroot") {
      security.acme.certs.${turn.realm}.webroot = acmeWebroot;
      users.users.nginx.extraGroups = [ "acme" ];
      services.nginx.virtualHosts.${turn.realm}.locations."/.well-known/acme-challenge".root = acmeWebroot;
    })
  ]);
}
