#!/usr/bin/env bash
# Creates the fleet's private network: a control namespace holding one bridge, and one
# namespace per host wired to it. Argument: {"ctl", "subnet", "hosts": [{"ns", "address"}]}.
set -euo pipefail

ARGS=${1:?usage: net-up.sh '<json>'}
CTL=$(jq -r .ctl <<<"$ARGS")
SUBNET=$(jq -r .subnet <<<"$ARGS")

ip netns add "$CTL"
ip -n "$CTL" link set lo up
ip -n "$CTL" link add br0 type bridge
ip -n "$CTL" addr add "$SUBNET.1/24" dev br0
ip -n "$CTL" link set br0 up
i=0
while IFS=$'\t' read -r ns address; do
    ip netns add "$ns"
    ip -n "$CTL" link add "h$i" type veth peer name eth0 netns "$ns"
    ip -n "$CTL" link set "h$i" master br0 up
    ip -n "$ns" addr add "$address/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    i=$((i + 1))
done < <(jq -r '.hosts[] | [.ns, .address] | @tsv' <<<"$ARGS")
