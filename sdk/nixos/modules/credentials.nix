# Secret files that units read through systemd LoadCredential (for units running under
# DynamicUser, whose user cannot own a file ahead of time). When the module expects the
# file at a fixed path, preStart copies it there first, as the unit's own user.
{ lib, ... }:
let
  params = import ./params.nix;
  unitConfig = credential: {
    serviceConfig.LoadCredential = [ "${credential.name}:${credential.source}" ];
    preStart = lib.mkIf (credential.installAt != null) (lib.mkBefore ''
      install -D -m 0600 "$CREDENTIALS_DIRECTORY/"${lib.escapeShellArg credential.name} ${lib.escapeShellArg credential.installAt}
    '');
  };
in
{
  config = lib.mkIf (params.credentials != [ ]) {
    systemd.services = lib.mkMerge (
      map (credential: { ${credential.service} = unitConfig credential; }) params.credentials
    );
  };
}
