import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Top-level fields, ACME, hosts and the private network. */
export const STACK_FIELD_CASES: readonly BadInput[] = [
    { name: "input is not an object", input: null, message: "must be an object" },
    { name: "acme missing", input: variant((s) => delete s.acme), message: "acme: is required" },
    { name: "acme email missing", input: variant((s) => delete s.acme.email), message: "acme.email: is required" },
    {
        name: "acme email malformed",
        input: variant((s) => (s.acme.email = "admin@")),
        message: "acme.email: must be an e-mail address",
    },
    {
        name: "acme staging not a boolean",
        input: variant((s) => (s.acme.staging = "yes")),
        message: "acme.staging: must be true or false",
    },
    { name: "unknown top-level key", input: variant((s) => (s.host = [])), message: "host: is not a known field" },
    {
        name: "stack name upper-case",
        input: variant((s) => (s.name = "Matrix")),
        message: /^name: must start with a-z/,
    },
    { name: "hosts not a list", input: variant((s) => (s.hosts = { main: {} })), message: "hosts: must be a list" },
    { name: "host name missing", input: variant((s) => delete s.hosts[0].name), message: "hosts[0].name: is required" },
    {
        name: "host name with upper case",
        input: variant((s) => (s.hosts[0].name = "Main")),
        message: "hosts[0].name: must start with a-z and hold only a-z, 0-9 and '-' (at most 31 characters)",
    },
    {
        name: "unknown host provider",
        input: variant((s) => (s.hosts[0].provider = "aws")),
        message: "hosts[0].provider: must be 'hetzner' or 'existing'",
    },
    {
        name: "unknown key on a Hetzner host",
        input: variant((s) => (s.hosts[0].image = "debian-12")),
        message: "hosts[0].image: is not a known field",
    },
    {
        name: "negative volume size",
        input: variant((s) => (s.hosts[0].volumeSizeGb = -1)),
        message: "hosts[0].volumeSizeGb: must be at least 0",
    },
    {
        name: "server type malformed",
        input: variant((s) => (s.hosts[0].serverType = "CX33")),
        message: "hosts[0].serverType: must be a Hetzner server type such as cx23, cx33 or cpx22",
    },
    {
        name: "existing host address malformed",
        input: variant((s) => (s.hosts[1].address = "203.0.113.300")),
        message: "hosts[1].address: must be an IPv4 or IPv6 address",
    },
    {
        name: "existing host key missing",
        input: variant((s) => delete s.hosts[1].hostKey),
        message: "hosts[1].hostKey: is required",
    },
    {
        name: "existing host key not a key line",
        input: variant((s) => (s.hosts[1].hostKey = "AAAAC3NzaC1lZDI1NTE5")),
        message: /^hosts\[1\]\.hostKey: must be an SSH public key line such as 'ssh-ed25519 AAAA\.\.\.'/,
    },
    {
        name: "existing host stateVersion with a one-digit month",
        input: variant((s) => (s.hosts[1].stateVersion = "25.5")),
        message: "hosts[1].stateVersion: must be a NixOS release such as 24.05 or 25.11: the host's current system.stateVersion",
    },
    {
        name: "existing host stateVersion as a channel name",
        input: variant((s) => (s.hosts[1].stateVersion = "nixos-25.11")),
        message: "hosts[1].stateVersion: must be a NixOS release such as 24.05 or 25.11: the host's current system.stateVersion",
    },
    {
        name: "existing host stateVersion as a number",
        input: variant((s) => (s.hosts[1].stateVersion = 25.11)),
        message: "hosts[1].stateVersion: must be a NixOS release such as 24.05 or 25.11 (a string)",
    },
    {
        name: "stateVersion on a Hetzner host, which this library installs itself",
        input: variant((s) => (s.hosts[0].stateVersion = "24.05")),
        message: "hosts[0].stateVersion: is not a known field",
    },
    {
        name: "existing host SSH port 0",
        input: variant((s) => (s.hosts[1].port = 0)),
        message: "hosts[1].port: must be between 1 and 65535",
    },
    {
        name: "existing host user empty",
        input: variant((s) => (s.hosts[1].user = "")),
        message: "hosts[1].user: must be root: the deploy writes /etc/nixos and runs nixos-rebuild switch as this user",
    },
    {
        name: "private network without prefix",
        input: variant((s) => (s.privateNetwork = "10.80.0.0")),
        message: "privateNetwork: must be an IPv4 CIDR block such as 10.80.0.0/16 (Hetzner networks are IPv4)",
    },
    {
        name: "private network IPv6",
        input: variant((s) => (s.privateNetwork = "fd00::/8")),
        message: "privateNetwork: must be an IPv4 CIDR block such as 10.80.0.0/16 (Hetzner networks are IPv4)",
    },
    {
        name: "private network octet out of range",
        input: variant((s) => (s.privateNetwork = "10.256.0.0/16")),
        message: "privateNetwork: must be an IPv4 CIDR block such as 10.80.0.0/16 (Hetzner networks are IPv4)",
    },
    {
        name: "private network wider than /8",
        input: variant((s) => (s.privateNetwork = "10.0.0.0/7")),
        message: "privateNetwork: prefix length /7 must be between /8 and /24",
    },
    {
        name: "private network narrower than /24",
        input: variant((s) => (s.privateNetwork = "10.80.0.0/28")),
        message: "privateNetwork: prefix length /28 must be between /8 and /24",
    },
    {
        name: "private network with host bits set",
        input: variant((s) => (s.privateNetwork = "10.80.1.0/16")),
        message: "privateNetwork: must be written with its network address: 10.80.0.0/16",
    },
    {
        name: "private network public range",
        input: variant((s) => (s.privateNetwork = "100.64.0.0/16")),
        message: "privateNetwork: must lie within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    },
    {
        name: "private network just outside 172.16.0.0/12",
        input: variant((s) => (s.privateNetwork = "172.32.0.0/16")),
        message: "privateNetwork: must lie within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    },
    {
        name: "no SSH source",
        input: variant((s) => (s.sshSourceRanges = [])),
        message: "sshSourceRanges: must allow at least one source",
    },
    {
        name: "SSH source with prefix beyond /32",
        input: variant((s) => (s.sshSourceRanges = ["198.51.100.0/33"])),
        message: "sshSourceRanges[0]: must be a CIDR block such as 10.0.0.0/8 or fc00::/7",
    },
    {
        name: "mesh network not a CIDR block",
        input: variant((s) => (s.meshNetwork = "10.81.0.0")),
        message: "meshNetwork: must be an IPv4 CIDR block such as 10.81.0.0/24 (mesh addresses are IPv4)",
    },
    {
        name: "mesh network with host bits",
        input: variant((s) => (s.meshNetwork = "10.81.0.5/24")),
        message: "meshNetwork: must be written with its network address: 10.81.0.0/24",
    },
    {
        name: "mesh network public",
        input: variant((s) => (s.meshNetwork = "203.0.113.0/24")),
        message: "meshNetwork: must lie within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    },
    {
        name: "mesh network too small",
        input: variant((s) => (s.meshNetwork = "10.81.0.0/31")),
        message: "meshNetwork: prefix length /31 must be between /8 and /30",
    },
    {
        name: "mesh network inside the private network",
        input: variant((s) => (s.meshNetwork = "10.80.5.0/24")),
        message: "meshNetwork: 10.80.5.0/24 overlaps privateNetwork 10.80.0.0/16; give a block apart from it",
    },
    {
        name: "mesh network too small for the hosts",
        input: variant((s) => {
            s.meshNetwork = "10.81.0.0/30";
            s.hosts.push({ ...s.hosts[1], name: "edge2", address: "203.0.113.11", privateAddress: "10.80.0.11" });
        }),
        message: "meshNetwork: 10.81.0.0/30 holds 2 hosts, the stack has 3; give a larger block",
    },
    {
        name: "mesh not a boolean",
        input: variant((s) => (s.mesh = "yes")),
        message: "mesh: must be true or false",
    },
    {
        name: "mesh endpoints neither public nor private",
        input: variant((s) => (s.meshEndpoints = "lan")),
        message: "meshEndpoints: must be 'public' or 'private'",
    },
];
