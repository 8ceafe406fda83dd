# What keeps the host reachable and deployable. A switch that drops any of this leaves
# the machine unreachable, so it is part of every bundle.
{ lib, pkgs, ... }:
let
  params = import ./params.nix;
  ssh = params.ssh;
in
{
  system.stateVersion = params.host.stateVersion;
  networking.hostName = lib.mkDefault params.host.name;

  services.openssh = {
    enable = true;
    settings = {
      PermitRootLogin = lib.mkDefault "prohibit-password";
      PasswordAuthentication = lib.mkDefault false;
    };
    # Only the pinned key: sshd must keep offering the key every connection pins.
    hostKeys = lib.mkIf (ssh.hostKey != null) [
      { inherit (ssh.hostKey) type path; }
    ];
  };

  users.users.root.openssh.authorizedKeys.keys =
    if ssh.rootAuthorizedKeys == [ ] then
      throw "nixos-matrix: params.json names no deploy key; refusing a configuration that locks the deployer out"
    else
      ssh.rootAuthorizedKeys;

  # The deploy steps parse JSON on the host.
  environment.systemPackages = [ pkgs.jq ];
}
