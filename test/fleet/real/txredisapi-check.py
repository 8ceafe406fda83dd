#!/usr/bin/python3
"""Drives the txredisapi stand-in against a real, password-protected Redis, the way Synapse's
replication and external cache use it, and prints what happened as JSON.

  txredisapi-check.py '{"port": 6390, "password": "..."}'   (txredisapi on PYTHONPATH)
"""
import json
import sys

import txredisapi
from synapse.util.check_dependencies import check_requirements
from twisted.internet import defer, reactor, task


class Collector(txredisapi.SubscriberProtocol):
    received = []

    def messageReceived(self, pattern, channel, message):
        Collector.received.append([type(message).__name__, channel, message])


class SubscriberFactory(txredisapi.RedisFactory):
    protocol = Collector
    continueTrying = True


@defer.inlineCallbacks
def run(args):
    out = {}
    check_requirements("redis")
    out["requirements"] = "ok"
    publisher = txredisapi.RedisFactory("publisher", None, 1, isLazy=True, password=args["password"])
    handler = publisher.handler
    # Issued before any connection exists: must wait for one, then succeed.
    early = handler.ping()
    reactor.connectTCP("127.0.0.1", args["port"], publisher)
    out["pingBeforeConnect"] = yield early
    subscriber = SubscriberFactory("subscriber", None, 1, password=args["password"])
    reactor.connectTCP("127.0.0.1", args["port"], subscriber)
    connection = yield subscriber.getConnection()
    yield connection.subscribe(["example.org", "example.org/USER_IP"])
    out["subscribers"] = yield handler.publish("example.org", "POSITION events master 1 2")
    for _ in range(100):
        if Collector.received:
            break
        yield task.deferLater(reactor, 0.02, lambda: None)
    out["received"] = Collector.received
    out["set"] = yield handler.set("cache:key", json.dumps({"a": 1}), pexpire=60000)
    out["get"] = yield handler.get("cache:key")
    yield handler.set("cache:number", "42", pexpire=60000)
    out["getNumber"] = yield handler.get("cache:number")
    out["ttlSet"] = (yield handler.execute_command("PTTL", "cache:key")) > 0
    out["subscriberPing"] = yield connection.ping()
    wrong = txredisapi.RedisFactory("wrong", None, 1, isLazy=True, password="not-the-password")
    wrong.continueTrying = False
    reactor.connectTCP("127.0.0.1", args["port"], wrong)
    yield task.deferLater(reactor, 0.5, lambda: None)
    out["wrongPasswordConnections"] = len(wrong.pool)
    return out


def main():
    args = json.loads(sys.argv[1])
    result = {}

    def done(value):
        result["value"] = value
        reactor.stop()

    def failed(failure):
        result["error"] = failure.getErrorMessage()
        reactor.stop()

    reactor.callWhenRunning(lambda: run(args).addCallbacks(done, failed))
    reactor.run()
    print(json.dumps(result))


main()
