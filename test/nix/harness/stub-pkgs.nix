# Placeholder packages for the ones the bundle's modules name. A package is a
# derivation-like set whose outPath is a fixed fake store path; `override` keeps its
# arguments (as `overrideArgs`) so checks can read what a module passed, e.g. Element's
# config.json.
let
  storePath = name: "/nix/store/00000000000000000000000000000000-${name}";
  package = name: overrideArgs: {
    type = "derivation";
    inherit name overrideArgs;
    outPath = storePath name;
    override = args: package "${name}-overridden" (overrideArgs // args);
  };
in
{
  element-web = package "element-web" { };
  jq = package "jq" { };
  coreutils = package "coreutils" { };
  openssh = package "openssh" { };
  restic = package "restic" { };
  util-linux = package "util-linux" { };
  systemd = package "systemd" { };
  postgresql_14 = package "postgresql-14" { } // { psqlSchema = "14"; };
  postgresql_15 = package "postgresql-15" { } // { psqlSchema = "15"; };
  postgresql_16 = package "postgresql-16" { } // { psqlSchema = "16"; };
  postgresql_17 = package "postgresql-17" { } // { psqlSchema = "17"; };
  postgresql_18 = package "postgresql-18" { } // { psqlSchema = "18"; };
  writeText = name: text: storePath name;
  writeShellScript = name: text: storePath name;
}
