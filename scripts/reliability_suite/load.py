"""Signed Stripe deliveries, sent the way Stripe sends them: each customer's
events one after another (so acceptance order is the events' order), many
customers at once, each delivery retried until it gets a 2xx."""
import asyncio
import collections
import hashlib
import hmac
import json
import time

from .processes import STRIPE_SECRET


class Events:
    """`customers` × `per_customer` customer.updated events; event k of a
    customer carries the email `e<k>@example.com` and `created` = base + k."""

    def __init__(self, run, customers, per_customer):
        self.run = run
        self.customers = customers
        self.per_customer = per_customer

    @property
    def total(self):
        return self.customers * self.per_customer

    def customer_id(self, customer):
        return f"cus_{self.run}_{customer}"

    def event_id(self, customer, index):
        return f"evt_{self.run}_{customer}_{index}"

    def body(self, customer, index):
        return json.dumps({
            "id": self.event_id(customer, index), "object": "event", "type": "customer.updated",
            "created": 1_700_000_000 + index,
            "data": {"object": {"id": self.customer_id(customer), "object": "customer",
                                "email": f"e{index}@example.com", "name": "Jenny Rosen"}},
        }, separators=(",", ":")).encode()


def email_index(email):
    """The event index an applied email stands for."""
    return int(email[1:email.index("@")])


class LoadResult:
    """What the provider side saw."""

    def __init__(self):
        self.acknowledged = {}  # event id -> (customer id, index)
        self.statuses = collections.Counter()  # HTTP status or "connection error" -> count
        self.requests = 0
        self.elapsed = 0.0

    def merge(self, other):
        self.acknowledged.update(other.acknowledged)
        self.statuses.update(other.statuses)
        self.requests += other.requests
        self.elapsed += other.elapsed


class LoadGenerator:
    """Sends `events` to the bridge on `port` with `concurrency` connections.

    `rate` caps the deliveries per second (None: as fast as the bridge
    answers). With `retry`, a delivery is retried (backing off up to 1 s)
    until it gets a 2xx or `give_up_after` seconds pass; without it a
    customer's remaining events wait for the next `run` after the first
    refusal. Each customer's next event is remembered across runs."""

    def __init__(self, port, events, concurrency=32, rate=None):
        self.port = port
        self.events = events
        self.concurrency = concurrency
        self.rate = rate
        self.next_index = [0] * events.customers
        self.until = events.per_customer
        self.acknowledged_count = 0  # read by other threads to follow progress

    def run(self, retry=True, give_up_after=300.0, until=None):
        """Sends each customer's events up to index `until` (default: all)."""
        self.until = min(until or self.events.per_customer, self.events.per_customer)
        return asyncio.run(self._run(retry, give_up_after))

    async def _run(self, retry, give_up_after):
        result = LoadResult()
        customers = asyncio.Queue()
        for customer in range(self.events.customers):
            customers.put_nowait(customer)
        started = time.monotonic()
        pacing = {"next": started}
        deadline = started + give_up_after
        workers = [
            asyncio.create_task(self._worker(customers, result, retry, deadline, pacing))
            for _ in range(self.concurrency)
        ]
        await asyncio.gather(*workers)
        result.elapsed = time.monotonic() - started
        return result

    async def _worker(self, customers, result, retry, deadline, pacing):
        connection = Connection(self.port)
        try:
            while not customers.empty():
                customer = customers.get_nowait()
                while self.next_index[customer] < self.until:
                    index = self.next_index[customer]
                    if not await self._deliver(connection, customer, index, result, retry, deadline, pacing):
                        break
                    self.next_index[customer] = index + 1
        finally:
            connection.close()

    async def _deliver(self, connection, customer, index, result, retry, deadline, pacing):
        body = self.events.body(customer, index)
        backoff = 0.02
        while True:
            await self._pace(pacing)
            result.requests += 1
            status = await connection.post_signed(body)
            result.statuses[status] += 1
            if isinstance(status, int) and 200 <= status < 300:
                result.acknowledged[self.events.event_id(customer, index)] = (self.events.customer_id(customer), index)
                self.acknowledged_count += 1
                return True
            if not retry or time.monotonic() > deadline:
                return False
            await asyncio.sleep(backoff)
            backoff = min(1.0, backoff * 2)

    async def _pace(self, pacing):
        if self.rate is None:
            return
        slot = pacing["next"]
        pacing["next"] = max(slot, time.monotonic()) + 1.0 / self.rate
        delay = slot - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


class Connection:
    """One keep-alive HTTP/1.1 connection to the bridge, reopened after errors."""

    def __init__(self, port):
        self.port = port
        self.reader = None
        self.writer = None

    async def post_signed(self, body):
        """POSTs a Stripe-signed `body`; the status, or "connection error"."""
        timestamp = int(time.time())
        signature = hmac.new(STRIPE_SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        head = (
            f"POST /hooks/stripe HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: application/json\r\n"
            f"Stripe-Signature: t={timestamp},v1={signature}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        try:
            return await asyncio.wait_for(self._exchange(head + body), timeout=15)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            self.close()
            return "connection error"

    async def _exchange(self, request):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(request)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed")
        status = int(status_line.split()[1])
        length = 0
        close = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value.strip())
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        await self.reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
