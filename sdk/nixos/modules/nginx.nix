# nginx with TLS from ACME, and the homeserver's APIs proxied to its loopback listener.
{ lib, ... }:
let
  params = import ./params.nix;
  proxy = params.homeserverProxy;
  listenEverywhere = port: ssl: map (addr: { inherit addr port ssl; }) [ "0.0.0.0" "[::]" ];
in
{
  config = lib.mkMerge [
    (lib.mkIf params.nginx.enable {
      services.nginx = {
        enable = true;
        recommendedTlsSettings = true;
        recommendedOptimisation = true;
        recommendedGzipSettings = true;
        recommendedProxySettings = true;
        clientMaxBodySize = params.nginx.clientMaxBodySize;
      };
    })
    (lib.mkIf (proxy != null) {
      services.nginx.virtualHosts.${proxy.domain} = {
        enableACME = true;
        forceSSL = true;
        # Setting listen replaces nginx's defaults, so 80 (ACME, redirect) and 443 stay listed.
        listen = lib.mkIf proxy.federationPort8448 (
          listenEverywhere 80 false ++ listenEverywhere 443 true ++ listenEverywhere 8448 true
        );
        locations = lib.listToAttrs (
          map (path: lib.nameValuePair path { proxyPass = proxy.upstream; }) proxy.paths
        );
      };
    })
  ];
}
