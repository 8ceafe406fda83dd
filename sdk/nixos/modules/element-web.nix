# Element Web as static files from the store, its config.json built from params.
{ lib, pkgs, ... }:
let
  params = import ./params.nix;
  site = element: {
    enableACME = true;
    forceSSL = true;
    root = pkgs.element-web.override { conf = element.config; };
    extraConfig = ''
      add_header X-Frame-Options SAMEORIGIN;
      add_header X-Content-Type-Options nosniff;
      add_header Content-Security-Policy "frame-ancestors 'self'";
    '';
  };
in
{
  config = lib.mkIf (params.elements != [ ]) {
    services.nginx.virtualHosts = lib.listToAttrs (
      map (element: lib.nameValuePair element.domain (site element)) params.elements
    );
  };
}
