"""Real `patchbay serve` and `patchbay mock-reach` child processes on 127.0.0.1."""
import glob
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time

STRIPE_SECRET = "whsec_reliability_suite"


def free_port():
    """A port nothing listens on right now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Child:
    """One patchbay child: standard error appended to a log file, standard
    output read for the line announcing its address."""

    def __init__(self, binary, arguments, log_path, environment=None):
        self.arguments = arguments
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                [binary] + arguments, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
                env={**os.environ, **(environment or {})})

    @property
    def pid(self):
        return self.process.pid

    def wait_until_listening(self, announcement, timeout=60):
        """Waits for the output line starting with `announcement`; returns its port."""
        deadline = time.monotonic() + timeout
        buffered = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    break
                buffered += chunk
                for line in buffered.decode(errors="replace").splitlines():
                    if line.startswith(announcement):
                        return int(line.rsplit(":", 1)[1])
            elif self.process.poll() is not None:
                break
        raise RuntimeError(f"{self.arguments[0]} did not start; see {self.log_path}")

    def kill9(self):
        """SIGKILL, then reap."""
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout=30):
        """SIGTERM, waiting for a clean exit (SIGKILL after `timeout` seconds)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill9()

    def alive(self):
        return self.process.poll() is None

    def memory_kib(self):
        """(current, peak) resident set size in KiB, from /proc."""
        values = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
        return values.get("VmRSS", 0), values.get("VmHWM", 0)


class Bridge:
    """`patchbay serve` on a fixed port and data directory, restartable."""

    def __init__(self, binary, workdir, upstream, data_directory, extra_arguments=(), environment=None):
        self.binary = binary
        self.environment = {"PATCHBAY_SECRET_STRIPE": STRIPE_SECRET, **(environment or {})}
        self.workdir = workdir
        self.port = free_port()
        self.data_directory = data_directory
        self.mappings = os.path.join(workdir, "mappings")
        self.arguments = [
            "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data", data_directory,
            "--mappings", self.mappings, "--upstream", upstream, *extra_arguments,
        ]
        self.child = None
        self.starts = 0

    def start(self):
        self.starts += 1
        self.child = Child(self.binary, self.arguments, os.path.join(self.workdir, f"serve-{self.port}.log"), self.environment)
        self.child.wait_until_listening("patchbay listening on ")
        return self


class MockReach:
    """`patchbay mock-reach` on a fixed port, journaling to a file, restartable."""

    def __init__(self, binary, workdir, fault_arguments=()):
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.journal_path = os.path.join(workdir, "journal.ndjson")
        self.arguments = [
            "mock-reach", "--port", str(self.port), "--journal-file", self.journal_path, *fault_arguments,
        ]
        self.child = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.child = Child(self.binary, self.arguments, os.path.join(self.workdir, "mock.log"))
        self.child.wait_until_listening("mock Reach listening on ")
        return self


class PostgresServer:
    """A throwaway PostgreSQL server (Debian's packages) in a temporary
    directory of its own (the `postgres` user must reach it), on 127.0.0.1,
    trusting local connections; as root its programs run as the `postgres`
    user, since the server refuses root."""

    def __init__(self):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))
        if not versions:
            raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)")
        self.bin = versions[-1]
        directory = self.directory = tempfile.mkdtemp(prefix="patchbay-postgres-")
        self.data = os.path.join(directory, "pgdata")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres")
        self._run("initdb", "-D", self.data, "-U", "patchbay", "--auth=trust", "-E", "UTF8")

    @property
    def url(self):
        return f"postgres://patchbay@127.0.0.1:{self.port}/postgres"

    def _run(self, program, *arguments):
        command = [os.path.join(self.bin, program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--"] + command
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.directory, "server.log"), "-w",
                  "-o", f"-h 127.0.0.1 -p {self.port} -k {self.directory}", "start")
        return self

    def stop(self, mode="fast"):
        """`pg_ctl stop -m MODE`; `immediate` is a crash: no shutdown checkpoint, recovery at the next start."""
        self._run("pg_ctl", "-D", self.data, "-m", mode, "stop")

    def remove(self):
        """Stops the server if it runs and deletes its directory."""
        try:
            self.stop("fast")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)

    def query(self, sql):
        """Rows of `sql` as tuples of text."""
        output = subprocess.run(
            [os.path.join(self.bin, "psql"), "-X", "-q", "-At", "-F", "\t", "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "patchbay", "-d", "postgres", "-c", sql], check=True, capture_output=True, text=True, timeout=30).stdout
        return [tuple(line.split("\t")) for line in output.splitlines()]
