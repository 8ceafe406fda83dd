# nginx with TLS from ACME, and the homeserver's APIs proxied to its loopback listener
# (and hookshot bridges' webhook listeners, each under /hookshot/<id>/ or on a domain of its own).
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
  workers = params.synapseWorkers;
  routesWorkers = proxy != null && workers != null && workers.locations != [ ];
  # How each upstream spreads requests (sdk/plan/worker-routes.ts): per user for sync,
  # per remote server for inbound federation transactions, per URI for pagination.
  balanceConfig = {
    "round-robin" = "";
    user = "hash $nixos_matrix_mxid_localpart consistent;";
    source = "hash $remote_addr consistent;";
    uri = "hash $uri consistent;";
  };
  workerUpstream = upstream: lib.nameValuePair upstream.name {
    servers = lib.listToAttrs (map (server: lib.nameValuePair server { }) upstream.servers);
    extraConfig = balanceConfig.${upstream.balance};
  };
  # nginx takes the first regex location that matches: priorities keep the table's order.
  workerLocation = index: location: lib.nameValuePair "~ ${location.pattern}" {
    proxyPass = "http://${location.upstream}";
    priority = 100 + index;
  };
  workerLocations = builtins.genList (i: workerLocation i (builtins.elemAt workers.locations i)) (builtins.length workers.locations);
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
    (lib.mkIf (proxy != null) {
      services.nginx.virtualHosts = lib.listToAttrs (map (webhook: lib.nameValuePair webhook.domain {
        enableACME = true;
        forceSSL = true;
        locations."/".proxyPass = webhook.upstream;
      }) proxy.webhookDomains);
    })
    (lib.mkIf routesWorkers {
      services.nginx.upstreams = lib.listToAttrs (map workerUpstream workers.upstreams);
      services.nginx.virtualHosts.${proxy.domain}.locations = lib.listToAttrs workerLocations;
      # The localpart of the access token (header or query), as docs/workers.md extracts it for sticky sync.
      services.nginx.appendHttpConfig = ''
        map $arg_access_token $nixos_matrix_token_localpart {
          default $arg_access_token;
          "~syt_(?<username>.*?)_.*" $username;
        }
        map $http_authorization $nixos_matrix_mxid_localpart {
          default $http_authorization;
          "~Bearer syt_(?<username>.*?)_.*" $username;
          "" $nixos_matrix_token_localpart;
        }
      '';
    })
  ];
}
