"""docs/reliability.md: machine, date, command and the figures of each scenario."""
import datetime
import os
import platform
import subprocess


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        memory = int(info.readline().split()[1]) / 2**20
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}"


def commit(repository):
    result = subprocess.run(["git", "-C", repository, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def write(path, outcomes, command, repository, binary):
    """Writes the Faults section into `path`, replacing the one already there
    and keeping the page's other sections (fuzzing, hostile input)."""
    section = render(outcomes, command, repository, binary)
    page = open(path).read() if os.path.exists(path) else "# Reliability\n"
    start = page.find(SECTION)
    if start < 0:
        # Before the first other section, or at the end.
        first = page.find("\n## ")
        start = end = len(page) if first < 0 else first + 1
        if first < 0 and not page.endswith("\n\n"):
            section = "\n" + section
    else:
        following = page.find("\n## ", start + len(SECTION))
        end = len(page) if following < 0 else following + 1
    with open(path, "w") as out:
        out.write(page[:start] + section + ("\n" if end < len(page) else "") + page[end:])


SECTION = "## Faults"


def render(outcomes, command, repository, binary):
    lines = [
        SECTION,
        "",
        "Produced by `scripts/reliability`; rerun it to refresh this section. Every process runs on this machine and all "
        "traffic stays on 127.0.0.1. The bridge is `patchbay serve` (the release build unless `--binary` says otherwise) (SQLite store, default "
        "`--durability normal`, 32 PATCHes in flight), the upstream is `patchbay mock-reach` journaling every "
        "request to a file, and the provider is a Python client sending signed Stripe `customer.updated` "
        "deliveries, each customer's events in order, retrying a delivery until it gets a 2xx as Stripe does.",
        "",
        "After each load the suite waits for the store to drain, stops both processes and checks: every event "
        "answered 2xx is `delivered` in the store and its email (or a later one of the same customer) was applied "
        "upstream (answered 200); each customer's applied emails are in acceptance order; a PATCH applied twice "
        "is the same email applied again right after itself.",
        "",
        f"- Machine: {machine()} (shared with other work while measured)",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Commit: {commit(repository)}",
        f"- Command: `{command}`",
        f"- Binary: `{os.path.relpath(binary, repository)}`",
        "",
        "| Scenario | Result |",
        "| --- | --- |",
    ]
    for outcome in outcomes:
        lines.append(f"| {outcome.title} | {'pass' if outcome.passed else 'FAIL'} |")
    for outcome in outcomes:
        lines += ["", f"### {outcome.title[0].upper()}{outcome.title[1:]}", "", outcome.description, "",
                  "| Figure | Value |", "| --- | --- |"]
        lines += [f"| {label} | {format_value(value)} |" for label, value in outcome.figures.items()]
        if outcome.failures:
            lines += ["", "Failures:", ""] + [f"- {failure}" for failure in outcome.failures]
    return "\n".join(lines) + "\n"


def format_value(value):
    if isinstance(value, dict):
        return ", ".join(f"{key}: {count:,}" for key, count in sorted(value.items()))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
