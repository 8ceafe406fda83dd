# Evaluates a rendered bundle's modules the way NixOS would, without nixpkgs: imports
# are followed from configuration.nix, each module is called with a stub `lib`, a stub
# `pkgs` and a `config` fixpoint, and every definition (mkIf, mkMerge, mkDefault,
# mkForce, mkBefore, ...) is resolved into one plain option tree.
#
#   nix-instantiate --eval --strict --json eval-options.nix --argstr bundleDir /path/to/bundle \
#     [--argstr optionsFile options.json] [--argstr projectOptionsFile options-26.05.json]
#
# Output: { config = <option tree>; packages = [ { path = [ <segments> ]; args = <override arguments>; } ]; }
# Like the module system, attribute names above option level are read before any `mkIf`
# condition (when `optionsFile`, the shared options.json, tells where options start), so a
# module that would break NixOS that way breaks here too.
#
# Differences from the module system, on purpose: priorities on whole attribute sets are
# pushed down to their attributes, and differing string definitions are an error rather
# than concatenated (no option the bundle sets is of a `lines` type defined twice).
{ bundleDir, optionsFile ? null, projectOptionsFile ? null }:
let
  b = builtins;
  lib = import ./stub-lib.nix;
  pkgs = import ./stub-pkgs.nix;
  root = /. + bundleDir;

  moduleArgs = {
    inherit lib pkgs config;
    options = { };
    modulesPath = "/nix/store/00000000000000000000000000000000-nixpkgs/nixos/modules";
  };

  load = module:
    let
      value = if b.isPath module || b.isString module then import module else module;
    in
    if b.isFunction value then value moduleArgs else value;

  definitionsOf = result:
    if result ? config || result ? options then result.config or { }
    else b.removeAttrs result [ "imports" "_file" "key" "disabledModules" "meta" ];

  collect = module:
    let
      result = load module;
    in
    [ (definitionsOf result) ] ++ b.concatMap collect (result.imports or [ ]);

  isType = type: value: b.isAttrs value && (value._type or null) == type;
  isPlainAttrs = value: b.isAttrs value && !(value ? _type) && !(value ? outPath);
  absent = { _type = "absent"; };

  # One definition, with its properties discharged, as a list of plain definitions.
  discharge = def:
    let
      v = def.value;
    in
    if isType "if" v then
      (if v.condition then discharge (def // { value = v.content; }) else [ ])
    else if isType "merge" v then
      b.concatMap (content: discharge (def // { value = content; })) v.contents
    else if isType "override" v then
      discharge { priority = v.priority; value = v.content; }
    else if isType "order" v then
      discharge (def // { value = v.content; })
    else
      [ def ];

  mergeDefinitions = path: defs:
    let
      plain = b.concatMap discharge defs;
      values = map (def: def.value) plain;
      best = b.foldl' (m: def: if def.priority < m then def.priority else m) 10000 plain;
      winners = map (def: def.value) (b.filter (def: def.priority == best) plain);
      names = b.attrNames (b.foldl' (acc: value: acc // value) { } values);
      child = name:
        mergeDefinitions (path ++ [ name ]) (
          map (def: { inherit (def) priority; value = def.value.${name}; }) (b.filter (def: def.value ? ${name}) plain)
        );
      children = b.listToAttrs (map (name: { inherit name; value = child name; }) names);
    in
    if plain == [ ] then absent
    # Children stay unforced (absent ones are dropped only on output): forcing them here
    # would force values that read `config`, which is this very tree.
    else if b.all isPlainAttrs values then children
    else if b.all b.isList winners then b.concatLists winners
    else if b.all (value: value == b.head winners) winners then b.head winners
    else throw "conflicting definitions of ${b.concatStringsSep "." path}";

  strip = value:
    if isPlainAttrs value then
      b.mapAttrs (name: strip) (lib.filterAttrs (name: child: !(isType "absent" child)) value)
    else value;

  # Options the bundle sets that options.json does not list (its extract lacks nixpkgs'
  # services/backup/restic.nix and services/networking/wireguard.nix); the option checks'
  # allow-list or the project's declarations (test/nix/data) cover their leaves.
  unlistedOptions = [ "services.restic.backups" "networking.wireguard.interfaces" ];
  optionNames =
    if optionsFile == null then { }
    else b.listToAttrs (map (name: { inherit name; value = true; })
      (map (option: option.name) (b.fromJSON (b.readFile optionsFile)) ++ projectOptions ++ unlistedOptions));
  # The project's option data (test/nix/data): declarations of modules options.json lacks.
  projectOptions =
    if projectOptionsFile == null then [ ]
    else map (option: option.name) (b.fromJSON (b.readFile projectOptionsFile)).options;

  # The module system pushes mkIf/mkMerge/mkOverride down to option level without looking
  # at conditions, reading every attribute name on the way.
  namesAboveOptions = path: value:
    if optionNames ? ${b.concatStringsSep "." path} then true
    else if isType "if" value || isType "override" value || isType "order" value then namesAboveOptions path value.content
    else if isType "merge" value then b.all (namesAboveOptions path) value.contents
    else if isPlainAttrs value then b.all (name: namesAboveOptions (path ++ [ name ]) value.${name}) (b.attrNames value)
    else true;

  definitions =
    let
      all = collect (root + "/configuration.nix");
    in
    if optionsFile == null || b.all (namesAboveOptions [ ]) all then all else throw "unreachable";
  merged = mergeDefinitions [ ] (map (value: { priority = 100; inherit value; }) definitions);
  resolved = if isType "absent" merged then { } else merged;

  # The read-only values modules may read back from config.
  acmeCerts = ((resolved.security or { }).acme or { }).certs or { };
  # PostgreSQL's default package for the pinned release (stateVersion 25.11: 17), as the
  # state Volume module reads its `psqlSchema` to version the data directory like NixOS.
  postgresql = ((resolved.services or { }).postgresql or { });
  # Synapse's data directory: the module's default unless the state Volume moved it.
  synapse = ((resolved.services or { }).matrix-synapse or { });
  config = resolved // {
    services = (resolved.services or { }) // {
      postgresql = postgresql // { package = postgresql.package or { psqlSchema = "17"; outPath = "/nix/store/00000000000000000000000000000000-postgresql-17"; }; };
      matrix-synapse = synapse // { dataDir = synapse.dataDir or "/var/lib/matrix-synapse"; };
    };
    security = (resolved.security or { }) // {
      acme = ((resolved.security or { }).acme or { }) // {
        certs = b.mapAttrs (name: cert: (if isType "absent" cert then { } else cert) // { directory = "/var/lib/acme/${name}"; }) acmeCerts;
      };
    };
  };

  # Stub packages inside the tree, by path, with what `override` received.
  packagesIn = path: value:
    if b.isAttrs value && value ? overrideArgs then [ { inherit path; args = value.overrideArgs; } ]
    else if isPlainAttrs value then b.concatMap (name: packagesIn (path ++ [ name ]) value.${name}) (b.attrNames value)
    else [ ];
in
{
  config = strip resolved;
  packages = packagesIn [ ] (strip resolved);
}
