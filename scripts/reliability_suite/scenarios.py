"""The fault scenarios of issues 6 and 14. Each returns a Outcome: figures
(label → value, in report order) and failures (empty when it passed)."""
import collections
import errno
import os
import random
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request

from .checks import Journal, Log, verify
from .load import Events, LoadGenerator
from .processes import Bridge, MockReach, PostgresServer

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRAIN_TIMEOUT = 180  # seconds allowed for the store to empty once the load ends


class Outcome:
    def __init__(self, title, description):
        self.title = title
        self.description = description
        self.figures = {}
        self.failures = []

    @property
    def passed(self):
        return not self.failures


class Workspace:
    """A scenario's directory: mappings (the shipped Stripe mapping), logs, journal, data."""

    def __init__(self, root, name, binary):
        self.directory = os.path.join(root, name)
        self.binary = binary
        os.makedirs(os.path.join(self.directory, "mappings"))
        shutil.copy(os.path.join(REPOSITORY, "mappings", "stripe.json"), os.path.join(self.directory, "mappings"))
        self.data = os.path.join(self.directory, "data")

    def mock(self, faults=()):
        return MockReach(self.binary, self.directory, faults).start()

    def bridge(self, mock, arguments, data=None, environment=None):
        return Bridge(self.binary, self.directory, mock.url, data or self.data, arguments, environment).start()


def in_background(function):
    """Runs `function` on a thread; returns the thread and a list that gets its result."""
    result = []
    thread = threading.Thread(target=lambda: result.append(function()), daemon=True)
    thread.start()
    return thread, result


def finish(outcome, bridge, mock, acknowledged, started, log=None, others=()):
    """Waits for the store to drain, stops the bridges and the mock and checks what arrived."""
    log = log or Log(bridge.data_directory)
    drained = log.wait_until_drained(DRAIN_TIMEOUT)
    if drained is None:
        outcome.failures.append(f"updates still open {DRAIN_TIMEOUT} s after the load: {log.open_updates()}")
    else:
        outcome.figures["drain after the load (s)"] = round(drained, 1)
    outcome.figures["peak RSS of serve (MiB)"] = round(bridge.child.memory_kib()[1] / 1024, 1)
    for each in (bridge, *others):
        each.child.stop()
    mock.child.stop()
    figures, failures = verify(acknowledged, Journal(mock.journal_path), log)
    outcome.figures.update(figures)
    outcome.figures["upstream answers"] = dict(Journal(mock.journal_path).outcomes())
    outcome.figures["wall time (s)"] = round(time.monotonic() - started, 1)
    outcome.failures += failures


def kill_nine(root, binary, events, kills, seed):
    outcome = Outcome(
        f"kill -9 of the bridge, {kills} times during a {events:,}-event load",
        "Signed Stripe deliveries (10 per customer, each customer's in order, 32 connections, each retried until "
        "2xx like a provider). At random points of the load `serve` gets SIGKILL; the in-flight updates it left are "
        "counted in its log, and it is restarted at once on the same port and data directory.")
    started = time.monotonic()
    space = Workspace(root, "kill-9", binary)
    mock = space.mock()
    bridge = space.bridge(mock, ["--retry-base-ms", "50", "--retry-cap-ms", "1000"])
    plan = Events("k", events // 10, 10)
    load = LoadGenerator(bridge.port, plan)
    thread, result = in_background(load.run)
    rng = random.Random(seed)
    moments = sorted(rng.uniform(0.05, 0.95) * plan.total for _ in range(kills))
    in_flight = []
    for moment in moments:
        while thread.is_alive() and load.acknowledged_count < moment:
            time.sleep(0.005)
        if not thread.is_alive():
            break
        bridge.child.kill9()
        in_flight.append(Log(bridge.data_directory).in_flight())
        bridge.start()
    thread.join()
    outcome.figures["kills"] = len(in_flight)
    outcome.figures["kill moments (acknowledged events)"] = [int(m) for m in moments[:len(in_flight)]]
    outcome.figures["in flight at each kill (customers/updates)"] = [f"{c}/{u}" for c, u in in_flight]
    outcome.figures["load time (s)"] = round(result[0].elapsed, 1)
    outcome.figures["deliveries/s"] = round(len(result[0].acknowledged) / result[0].elapsed)
    if len(in_flight) < kills:
        outcome.failures.append(f"the load ended after {len(in_flight)} kills")
    finish(outcome, bridge, mock, result[0].acknowledged, started)
    bound = sum(customers for customers, _ in in_flight)
    outcome.figures["bound on PATCHes applied twice (in flight at the kills)"] = bound
    if outcome.figures["PATCHes applied twice"] > bound:
        outcome.failures.append("more PATCHes applied twice than were in flight at the kills")
    return outcome


def upstream_down(root, binary, events, outage, rate):
    outcome = Outcome(
        f"upstream down for {outage} s in the middle of a load",
        f"{events:,} signed Stripe deliveries at {rate}/s. After 20 s the mock Reach gets SIGKILL; {outage} s later "
        "it is started again on the same port. The resident memory of `serve` is sampled every 0.5 s.")
    started = time.monotonic()
    space = Workspace(root, "upstream-down", binary)
    mock = space.mock()
    bridge = space.bridge(mock, ["--retry-base-ms", "100", "--retry-cap-ms", "5000"])
    load = LoadGenerator(bridge.port, Events("d", events // 10, 10), rate=rate)
    thread, result = in_background(load.run)
    samples = []

    def sample(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            samples.append(bridge.child.memory_kib()[0])
            time.sleep(0.5)

    sample(20)
    before = max(samples)
    mock.child.kill9()
    down_at = time.monotonic()
    sample(outage)
    backlog = Log(bridge.data_directory).open_updates()
    mock.start()
    outcome.figures["outage (s)"] = round(time.monotonic() - down_at, 1)
    outcome.figures["open updates when the upstream returned"] = backlog
    while thread.is_alive():
        sample(1)
    outcome.figures["RSS before the outage / peak during the run (MiB)"] = f"{before / 1024:.1f} / {max(samples) / 1024:.1f}"
    outcome.figures["load time (s)"] = round(result[0].elapsed, 1)
    finish(outcome, bridge, mock, result[0].acknowledged, started)
    return outcome


def faulty_upstream(root, binary, events):
    outcome = Outcome(
        "upstream answering 30% 5xx, 10% 429 with Retry-After, 5% resets, 5% timeouts",
        f"{events:,} signed Stripe deliveries. The mock Reach draws, per request in this order: reset (5%), a "
        "3 s stall then reset (5% of the rest, past the bridge's 1 s `--upstream-timeout-ms`), 500/502/503 "
        "(a third of the rest), 429 with `Retry-After: 1` (a sixth of the rest) — 5/5/30/10% of all requests. "
        "The shares actually drawn are listed under upstream answers.")
    started = time.monotonic()
    space = Workspace(root, "faults", binary)
    mock = space.mock([
        "--drop-rate", "0.05", "--stall-rate", "0.0526", "--stall", "3s", "--fail-rate", "0.3333",
        "--fail-status", "500,502,503", "--rate-limit-rate", "0.1667", "--retry-after", "1", "--seed", "6",
    ])
    bridge = space.bridge(
        mock, ["--upstream-timeout-ms", "1000", "--retry-base-ms", "50", "--retry-cap-ms", "2000"])
    result = LoadGenerator(bridge.port, Events("f", events // 10, 10)).run()
    outcome.figures["load time (s)"] = round(result.elapsed, 1)
    finish(outcome, bridge, mock, result.acknowledged, started)
    return outcome


def postgres_restart(root, binary, events, rate, down):
    outcome = Outcome(
        "PostgreSQL crashed and restarted under two instances during a load",
        f"Two `serve` instances share a throwaway PostgreSQL store (`--store`, one identity key); each gets "
        f"{events // 2:,} signed Stripe deliveries at {rate // 2}/s from its own provider client, retried until 2xx. "
        f"After 15 s PostgreSQL is stopped with `pg_ctl stop -m immediate` (a crash: no shutdown checkpoint) and "
        f"started again {down} s later (recovery at start-up); `/readyz` of both instances is read every 0.25 s "
        "from the crash until both answer 200 again.")
    started = time.monotonic()
    space = Workspace(root, "postgres-restart", binary)
    server = PostgresServer().start()
    try:
        mock = space.mock()
        environment = {"PATCHBAY_STORE": server.url, "PATCHBAY_IDENTITY_KEY": os.urandom(32).hex()}
        arguments = ["--retry-base-ms", "100", "--retry-cap-ms", "2000"]
        bridges = [space.bridge(mock, arguments, environment=environment) for _ in range(2)]
        loads = [LoadGenerator(bridge.port, Events(run, events // 20, 10), rate=rate // 2)
                 for bridge, run in zip(bridges, ("p", "q"))]
        threads = [in_background(load.run) for load in loads]
        time.sleep(15)
        log = Log(space.data, postgres=server)
        outcome.figures["in flight at the crash (customers/updates)"] = "{}/{}".format(*log.in_flight())
        server.stop("immediate")
        crashed_at = time.monotonic()
        outage = []  # /readyz of both instances while PostgreSQL is down
        while time.monotonic() - crashed_at < down:
            outage.append([http_status(bridge.port, "/readyz", timeout=2) for bridge in bridges])
            time.sleep(0.25)
        server.start()
        restarted_at = time.monotonic()
        after = [http_status(bridge.port, "/readyz", timeout=2) for bridge in bridges]
        while not all(status == 200 for status in after) and time.monotonic() - restarted_at < 120:
            time.sleep(0.25)
            after = [http_status(bridge.port, "/readyz", timeout=2) for bridge in bridges]
        outcome.figures["/readyz while PostgreSQL was down"] = dict(collections.Counter(
            str(status) for statuses in outage for status in statuses))
        outcome.figures["both ready again after the restart (s)"] = round(time.monotonic() - restarted_at, 1)
        for thread, _ in threads:
            thread.join()
        results = [result[0] for _, result in threads]
        replies = collections.Counter()
        acknowledged = {}
        for result in results:
            replies.update(result.statuses)
            acknowledged.update(result.acknowledged)
        outcome.figures["replies to the providers"] = {str(k): v for k, v in replies.items()}
        outcome.figures["load time (s)"] = round(max(result.elapsed for result in results), 1)
        if not outage or not all(status == 503 for status in outage[-1]):
            outcome.failures.append(f"/readyz did not answer 503 on both instances at the end of the outage: {outage[-1:]}")
        if not all(status == 200 for status in after):
            outcome.failures.append(f"the instances were not ready 120 s after the restart: {after}")
        if any(status != 503 and not (isinstance(status, int) and 200 <= status < 300) for status in replies):
            outcome.failures.append(f"replies other than 2xx and 503: {dict(replies)}")
        finish(outcome, bridges[0], mock, acknowledged, started, log=log, others=bridges[1:])
        bound = 2 * 32
        outcome.figures["bound on PATCHes applied twice (PATCHes in flight: 2 × 32)"] = bound
        if outcome.figures["PATCHes applied twice"] > bound:
            outcome.failures.append("more PATCHes applied twice than the instances can have in flight")
    finally:
        server.remove()
    return outcome


def disk_full(root, binary, size="16m"):
    outcome = Outcome(
        "the data directory's disk full",
        f"The data directory is a {size} tmpfs mounted by the suite. 200 customers × 3 events are accepted; then a "
        "filler file takes every free byte and each customer's next 3 events are sent once, without retry; after "
        "3 s more the filler is deleted and the refused events are sent again (with retries), then the last 3.")
    started = time.monotonic()
    space = Workspace(root, "disk-full", binary)
    mount_point = os.path.join(space.directory, "data")
    os.makedirs(mount_point)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mount_point], check=True)
    try:
        mock = space.mock()
        bridge = space.bridge(mock, ["--retry-base-ms", "50", "--retry-cap-ms", "1000"], data=mount_point)
        load = LoadGenerator(bridge.port, Events("s", 200, 9))
        acknowledged = {}
        before = load.run(until=3, give_up_after=60)
        acknowledged.update(before.acknowledged)
        filler = os.path.join(mount_point, "filler")
        outcome.figures["filler (MiB)"] = round(fill(filler) / 2**20, 1)
        full = load.run(retry=False, until=6)
        acknowledged.update(full.acknowledged)
        outcome.figures["replies while full"] = {str(k): v for k, v in full.statuses.items()}
        time.sleep(3)
        outcome.figures["serve alive and /healthz while full"] = f"{bridge.child.alive()}, {http_status(bridge.port, '/healthz')}"
        os.remove(filler)
        after = load.run(until=9, give_up_after=60)
        acknowledged.update(after.acknowledged)
        outcome.figures["replies after space returned"] = {str(k): v for k, v in after.statuses.items()}
        if full.statuses.get(503, 0) == 0:
            outcome.failures.append("no delivery was refused with 503 while the disk was full")
        if any(status != 503 and not (isinstance(status, int) and status < 300) for status in full.statuses):
            outcome.failures.append(f"replies other than 2xx and 503 while full: {dict(full.statuses)}")
        if len(acknowledged) != 200 * 9:
            outcome.failures.append(f"only {len(acknowledged)} of {200 * 9} events accepted after space returned")
        finish(outcome, bridge, mock, acknowledged, started)
    finally:
        subprocess.run(["umount", "-l", mount_point], check=False)
    return outcome


def fill(path):
    """Writes zeros to `path` until the disk is full; returns the bytes written."""
    written = 0
    chunk = b"\0" * 65536
    with open(path, "wb", buffering=0) as filler:
        while True:
            try:
                written += filler.write(chunk)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                break
    # Smaller writes take the last partial blocks.
    with open(path, "ab", buffering=0) as filler:
        try:
            while True:
                written += filler.write(b"\0" * 512)
        except OSError:
            pass
    return written


def http_status(port, path, timeout=5):
    """The status `GET path` answers on the bridge at `port`, or the connection error."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return str(error)
