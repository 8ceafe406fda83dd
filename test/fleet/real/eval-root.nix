# The root a generation's bundle is evaluated from (as /etc/nixos/configuration.nix would
# import it, without the installer's hardware and network files, which set nothing here).
{ ... }:
{
  imports = [ ./nixos-matrix/default.nix ]
    ++ (if builtins.pathExists ./nixos-matrix/extra.nix then [ ./nixos-matrix/extra.nix ] else [ ]);
}
