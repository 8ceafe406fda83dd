# nginx with TLS from ACME, and the homeserver's APIs proxied to its loopback listener
# (and hookshot bridges' webhook listeners, each under /hookshot/<id>/).
{ lib, ... }:
let
  params = import ./params.nix;
  proxy = params.homeserverProxy;
  listenEverywhere = port: ssl: map (addr: { inherit addr port ssl; }) [ "0.0.0.0" "[::]" ];
  # On a host that also answers plain HTTP (for the well-known documents), everything
  # else still goes to HTTPS.
  redirectPlainHttp = ''
    if ($scheme = http) {
      return 301 https://$host$request_uri;
    }
  '';
  proxyLocation = path:
    lib.nameValuePair path (
      { proxyPass = proxy.upstream; }
      // lib.optionalAttrs proxy.sharesWellKnown { extraConfig = redirectPlainHttp; }
    );
  # A hookshot bridge's webhook listener; the trailing slash of the upstream strips the prefix.
  webhookLocation = webhook:
    lib.nameValuePair webhook.path (
      { proxyPass = webhook.upstream; }
      // lib.optionalAttrs proxy.sharesWellKnown { extraConfig = redirectPlainHttp; }
    );
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
        # One TLS mode per virtual host: plain HTTP stays open only for the well-known documents.
        forceSSL = !proxy.sharesWellKnown;
        addSSL = proxy.sharesWellKnown;
        # Setting listen replaces nginx's defaults, so 80 (ACME, redirect) and 443 stay listed.
        listen = lib.mkIf proxy.federationPort8448 (
          listenEverywhere 80 false ++ listenEverywhere 443 true ++ listenEverywhere 8448 true
        );
        locations = lib.listToAttrs (map proxyLocation proxy.paths)
          // lib.listToAttrs (map webhookLocation proxy.webhooks)
          // lib.optionalAttrs proxy.sharesWellKnown { "/".extraConfig = redirectPlainHttp; };
      };
    })
  ];
}
