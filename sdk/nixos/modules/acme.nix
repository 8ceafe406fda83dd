# Account-wide ACME settings; each certificate is declared by the module that needs it.
{ lib, ... }:
let
  params = import ./params.nix;
in
{
  security.acme = {
    acceptTerms = true;
    defaults.email = params.acme.email;
    defaults.server = lib.mkIf (params.acme.server != null) params.acme.server;
  };
}
