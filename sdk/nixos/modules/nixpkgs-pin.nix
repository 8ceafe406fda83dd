# The pinned nixpkgs, as the rest of the host sees it. The switch step fetched the source,
# checked its hash and keeps it at params.nixpkgs.path (rooted for the garbage collector);
# it built this very system with `-I nixpkgs=<that path>`. NIX_PATH and the flake registry
# name the same source, so `nix-shell -p`, `nix run nixpkgs#...` and the deploy scripts'
# own `nix-build '<nixpkgs>'` agree with the running system, whatever channel the host has.
{ ... }:
let
  params = import ./params.nix;
  pin = params.nixpkgs;
in
{
  nix.nixPath = [
    "nixpkgs=${pin.path}"
    "nixos-config=/etc/nixos/configuration.nix"
  ];
  nix.registry.nixpkgs.to = {
    type = "path";
    path = pin.path;
  };
}
