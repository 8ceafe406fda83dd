# /.well-known/matrix/{server,client,support} on the server name: delegation to the
# homeserver's domain, readable by web clients of any origin. Also answered on plain HTTP
# (addSSL), so the switch step's health check can ask nginx before any certificate exists;
# when the server name is the homeserver's domain, nginx.nix shares that choice.
{ lib, ... }:
let
  params = import ./params.nix;
  wellKnown = params.wellKnown;
  serveJson = document: ''
    default_type application/json;
    add_header Access-Control-Allow-Origin *;
    return 200 '${builtins.toJSON document}';
  '';
in
{
  config = lib.mkIf (wellKnown != null) {
    services.nginx.virtualHosts.${wellKnown.domain} = {
      enableACME = true;
      addSSL = true;
      forceSSL = false;
      locations = lib.mapAttrs' (
        name: document: lib.nameValuePair "= /.well-known/matrix/${name}" { extraConfig = serveJson document; }
      ) wellKnown.documents;
    };
  };
}
