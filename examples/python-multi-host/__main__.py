"""Four Hetzner VMs on one private network: the homeserver, TURN, the bridges and
Element Web each on their own. Bridges register with Synapse across hosts.

The `pulumi_nixos_matrix` module is the SDK `pulumi package add ../../provider`
generates from this repository's component provider.
"""

import pulumi
import pulumi_nixos_matrix as nixos_matrix

config = pulumi.Config()
server_name = config.get("serverName") or "example.com"
location = config.get("location") or "fsn1"

home = nixos_matrix.HetznerNixosHost("home", location=location, server_type="cpx32", volume_size_gb=50)
turn_host = nixos_matrix.HetznerNixosHost("turn", location=location, server_type="cx23")
bridges = nixos_matrix.HetznerNixosHost("bridges", location=location, server_type="cx33")
web = nixos_matrix.HetznerNixosHost("web", location=location, server_type="cx23", volume_size_gb=0)

homeserver = nixos_matrix.MatrixHomeserver(
    "hs",
    host="home",
    server_name=server_name,
    domain=f"matrix.{server_name}",
    federation_port8448=True,
    turn="turn",
)

turn = nixos_matrix.TurnServer(
    "turn",
    host="turn",
    realm=f"turn.{server_name}",
    relay_port_from=50000,
    relay_port_to=50999,
)

element = nixos_matrix.ElementWeb("element", host="web", domain=f"chat.{server_name}", homeserver="hs")

nixos_matrix.Bridge(
    "telegram",
    type="mautrix-telegram",
    host="bridges",
    homeserver="hs",
    telegram_api_id=config.require_secret("telegramApiId"),
    telegram_api_hash=config.require_secret("telegramApiHash"),
)
nixos_matrix.Bridge("whatsapp", type="mautrix-whatsapp", host="bridges", homeserver="hs")
nixos_matrix.Bridge(
    "irc",
    type="matrix-appservice-irc",
    host="bridges",
    homeserver="hs",
    irc_networks=[nixos_matrix.IrcNetworkArgs(address="irc.libera.chat", channels=["#nixos"])],
)
nixos_matrix.Bridge(
    "discord",
    type="matrix-appservice-discord",
    host="bridges",
    homeserver="hs",
    discord_client_id=config.require_secret("discordClientId"),
    discord_bot_token=config.require_secret("discordBotToken"),
)

pulumi.export("homeserverUrl", homeserver.url)
pulumi.export("elementUrl", element.url)
pulumi.export("turnUris", turn.uris)
pulumi.export(
    "addresses",
    {
        "home": home.ipv4_address,
        "turn": turn_host.ipv4_address,
        "bridges": bridges.ipv4_address,
        "web": web.ipv4_address,
    },
)
pulumi.export("dnsRecords", pulumi.Output.all(home.dns_records, turn_host.dns_records, web.dns_records).apply(
    lambda lists: [record for records in lists for record in records]
))
