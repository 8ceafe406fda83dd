# The host firewall, from the plan's one port table: public ports on every interface,
# private ones only on the private network's interface (the cloud firewall does not
# filter the private network).
{ lib, ... }:
let
  params = import ./params.nix;
  public = params.firewall.public;
  private = params.firewall.private;
  hasPrivate = private.tcp != [ ] || private.udp != [ ] || private.tcpRanges != [ ] || private.udpRanges != [ ];
in
{
  networking.firewall = {
    enable = true;
    allowedTCPPorts = public.tcp;
    allowedUDPPorts = public.udp;
    allowedTCPPortRanges = public.tcpRanges;
    allowedUDPPortRanges = public.udpRanges;
    interfaces = lib.mkIf hasPrivate {
      ${params.host.privateInterface} = {
        allowedTCPPorts = private.tcp;
        allowedUDPPorts = private.udp;
        allowedTCPPortRanges = private.tcpRanges;
        allowedUDPPortRanges = private.udpRanges;
      };
    };
  };
}
