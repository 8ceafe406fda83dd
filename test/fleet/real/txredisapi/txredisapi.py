"""A test-only stand-in for txredisapi: the subset Synapse's Redis replication
(synapse/replication/tcp/redis.py) and external cache (external_cache.py) use.

No registry reachable from the test machines packages txredisapi, and Debian's Synapse
refuses `redis.enabled` without it. Redis, Synapse and its replication protocol stay real;
only this client library stands in. RESP is parsed by hiredis (Debian's python3-hiredis).

- RedisFactory: a reconnecting client factory keeping a pool of connected protocols;
  AUTH (and SELECT) on every connect; `handler` runs commands on a connected protocol,
  and commands issued before any connection is up wait for one.
- SubscriberProtocol: SUBSCRIBE/PSUBSCRIBE; pushed messages reach
  `messageReceived(pattern, channel, message)` as str.
- ConnectionHandler: publish, set (expire/pexpire), get (numbers as ints), ping.
"""
from collections import deque

import hiredis
from twisted.internet import defer, protocol


class RedisError(Exception):
    pass


class ConnectionError(RedisError):  # noqa: A001 - txredisapi's name
    pass


class ResponseError(RedisError):
    pass


def _encode(value, charset):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode(charset)
    if isinstance(value, (int, float)):
        return repr(value).encode()
    raise RedisError(f"cannot send a {type(value).__name__} to Redis")


def _command(args, charset):
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = _encode(arg, charset)
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class BaseRedisProtocol(protocol.Protocol):
    """One connection: sends commands, matches replies to them in order."""

    def __init__(self, charset="utf-8", password=None, dbid=None, convertNumbers=True):
        self.charset = charset
        self.password = password
        self.dbid = dbid
        self.convertNumbers = convertNumbers
        self._reader = hiredis.Reader(replyError=ResponseError)
        self._pending = deque()
        self.connected = 0

    def connectionMade(self):
        self.connected = 1
        self._ready().addCallbacks(self._up, self._refused)

    @defer.inlineCallbacks
    def _ready(self):
        factory = getattr(self, "factory", None)
        password = self.password if self.password is not None else getattr(factory, "password", None)
        dbid = self.dbid if self.dbid is not None else getattr(factory, "dbid", None)
        if password:
            yield self.execute_command("AUTH", password)
        if dbid:
            yield self.execute_command("SELECT", dbid)

    def _up(self, _):
        factory = getattr(self, "factory", None)
        if factory is not None:
            factory.connectionUp(self)

    def _refused(self, failure):
        self.transport.loseConnection()

    def connectionLost(self, reason):
        self.connected = 0
        factory = getattr(self, "factory", None)
        if factory is not None:
            factory.connectionDown(self)
        while self._pending:
            self._pending.popleft().errback(ConnectionError("lost connection to Redis"))

    def dataReceived(self, data):
        self._reader.feed(data)
        while True:
            reply = self._reader.gets()
            if reply is False:
                return
            self.replyReceived(reply)

    def _decode(self, reply):
        if isinstance(reply, list):
            return [self._decode(r) for r in reply]
        if isinstance(reply, bytes):
            text = reply.decode(self.charset)
            if self.convertNumbers:
                try:
                    return int(text)
                except ValueError:
                    pass
            return text
        return reply

    def replyReceived(self, reply):
        if not self._pending:
            return
        waiting = self._pending.popleft()
        if isinstance(reply, ResponseError):
            waiting.errback(reply)
        else:
            waiting.callback(self._decode(reply))

    def execute_command(self, *args):
        if not self.connected:
            return defer.fail(ConnectionError("not connected to Redis"))
        waiting = defer.Deferred()
        self._pending.append(waiting)
        self.transport.write(_command(args, self.charset))
        return waiting

    def publish(self, channel, message):
        return self.execute_command("PUBLISH", channel, message)

    def set(self, key, value, expire=None, pexpire=None, only_if_not_exists=False, only_if_exists=False):
        args = ["SET", key, value]
        if expire is not None:
            args += ["EX", expire]
        if pexpire is not None:
            args += ["PX", pexpire]
        if only_if_not_exists:
            args.append("NX")
        elif only_if_exists:
            args.append("XX")
        return self.execute_command(*args)

    def get(self, key):
        return self.execute_command("GET", key)

    def ping(self):
        return self.execute_command("PING")


class SubscriberProtocol(BaseRedisProtocol):
    """A connection in subscriber mode: pushed messages go to messageReceived."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._subscribing = deque()

    def messageReceived(self, pattern, channel, message):
        pass

    def replyReceived(self, reply):
        if isinstance(reply, list) and reply and isinstance(reply[0], bytes):
            kind = reply[0].decode()
            text = [r.decode(self.charset) if isinstance(r, bytes) else r for r in reply]
            if kind == "message":
                self.messageReceived(None, text[1], text[2])
                return
            if kind == "pmessage":
                self.messageReceived(text[1], text[2], text[3])
                return
            if kind in ("subscribe", "psubscribe", "unsubscribe", "punsubscribe") and self._subscribing:
                waiting, remaining = self._subscribing[0]
                remaining.discard(text[1])
                if not remaining:
                    self._subscribing.popleft()
                    waiting.callback(text[2])
                return
        super().replyReceived(reply)

    def _subscription(self, command, channels):
        if isinstance(channels, str):
            channels = [channels]
        waiting = defer.Deferred()
        self._subscribing.append((waiting, set(channels)))
        self.transport.write(_command([command, *channels], self.charset))
        return waiting

    def subscribe(self, channels):
        return self._subscription("SUBSCRIBE", channels)

    def psubscribe(self, patterns):
        return self._subscription("PSUBSCRIBE", patterns)


class ConnectionHandler:
    """Runs commands on a connected protocol of its factory, waiting for one if none is up."""

    def __init__(self, factory):
        self._factory = factory

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args, **kwargs):
            return self._factory.getConnection().addCallback(lambda conn: getattr(conn, name)(*args, **kwargs))

        return call

    def disconnect(self):
        self._factory.continueTrying = False
        for conn in list(self._factory.pool):
            conn.transport.loseConnection()
        return defer.succeed(None)


class UnixConnectionHandler(ConnectionHandler):
    pass


class RedisFactory(protocol.ReconnectingClientFactory):
    maxDelay = 10
    protocol = BaseRedisProtocol

    def __init__(self, uuid, dbid, poolsize, isLazy=False, handler=ConnectionHandler, charset="utf-8",
                 password=None, replyTimeout=None, convertNumbers=True):
        self.uuid = uuid
        self.dbid = dbid
        self.poolsize = poolsize
        self.isLazy = isLazy
        self.charset = charset
        self.password = password
        self.replyTimeout = replyTimeout
        self.convertNumbers = convertNumbers
        self.pool = []
        self._waiting = []
        self.handler = handler(self)
        self.deferred = defer.Deferred()

    def buildProtocol(self, addr):
        if hasattr(self, "charset"):
            p = self.protocol(self.charset, convertNumbers=self.convertNumbers)
        else:
            p = self.protocol()
        p.factory = self
        self.resetDelay()
        return p

    def connectionUp(self, conn):
        self.pool.append(conn)
        if not self.deferred.called:
            self.deferred.callback(self.handler)
        waiting, self._waiting = self._waiting, []
        for d in waiting:
            d.callback(conn)

    def connectionDown(self, conn):
        if conn in self.pool:
            self.pool.remove(conn)

    def getConnection(self):
        if self.pool:
            return defer.succeed(self.pool[0])
        d = defer.Deferred()
        self._waiting.append(d)
        return d
