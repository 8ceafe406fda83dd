# nixos-matrix: every module of the bundle. Each one reads params.json and configures
# its concept only when the host runs it.
{
  imports = [
    ./base.nix
    ./nixpkgs-pin.nix
    ./state-volume.nix
    ./firewall.nix
    ./mesh.nix
    ./acme.nix
    ./nginx.nix
    ./well-known.nix
    ./synapse-common.nix
    ./synapse.nix
    ./synapse-workers.nix
    ./redis.nix
    ./postgresql.nix
    ./conduit.nix
    ./conduwuit.nix
    ./homeserver-private-proxy.nix
    ./credentials.nix
    ./secret-ownership.nix
    ./coturn.nix
    ./element-web.nix
    ./bridge-telegram.nix
    ./bridge-whatsapp.nix
    ./bridge-irc.nix
    ./bridge-discord.nix
    ./bridge-signal.nix
    ./bridge-meta.nix
    ./bridge-mautrix-discord.nix
    ./bridge-hookshot.nix
    ./moderation-bot.nix
    ./backup.nix
  ];
}
