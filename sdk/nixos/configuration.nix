# Written by nixos-matrix. The host's own hardware-configuration.nix and networking.nix
# (left by the installer, with addresses and interface names found at run time) are
# imported when present and never replaced.
{ lib, ... }:
{
  imports =
    lib.optional (builtins.pathExists ./hardware-configuration.nix) ./hardware-configuration.nix
    ++ lib.optional (builtins.pathExists ./networking.nix) ./networking.nix
    ++ [ ./nixos-matrix/default.nix ]
    ++ lib.optional (builtins.pathExists ./nixos-matrix/extra.nix) ./nixos-matrix/extra.nix;
}
