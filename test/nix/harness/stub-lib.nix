# The few nixpkgs `lib` functions the bundle's modules use, with nixpkgs' semantics.
# Properties (mkIf, mkMerge, mkOverride, mkOrder) keep nixpkgs' `_type` shapes so that
# eval-options.nix can resolve them the way the module system does.
let
  b = builtins;
in
rec {
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;

  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];
  optionalString = cond: string: if cond then string else "";
  optionalAttrs = cond: attrs: if cond then attrs else { };

  nameValuePair = name: value: { inherit name value; };
  listToAttrs = b.listToAttrs;
  mapAttrs = b.mapAttrs;
  mapAttrs' = f: set: b.listToAttrs (map (name: f name set.${name}) (b.attrNames set));
  filterAttrs = pred: set: b.listToAttrs (b.concatMap (name: if pred name set.${name} then [ (nameValuePair name set.${name}) ] else [ ]) (b.attrNames set));
  attrNames = b.attrNames;
  attrValues = b.attrValues;
  concatStringsSep = b.concatStringsSep;
  concatMapStringsSep = sep: f: list: b.concatStringsSep sep (map f list);
  concatMap = b.concatMap;
  escapeShellArg = arg:
    let
      string = toString arg;
    in
    if b.match "[[:alnum:],._+:@%/-]+" string == null then "'" + b.replaceStrings [ "'" ] [ "'\\''" ] string + "'" else string;

  recursiveUpdate = lhs: rhs:
    lhs // b.mapAttrs (
      name: value:
      if b.isAttrs value && b.isAttrs (lhs.${name} or null) then recursiveUpdate lhs.${name} value else value
    ) rhs;
}
