# The host's parameters, rendered by the library; the only data these modules read.
builtins.fromJSON (builtins.readFile ./params.json)
