import Crypto
import Foundation
import Hummingbird

/// The web console served at `/` on the admin listener: one self-contained
/// page (no external assets, works offline) over the admin API. The token is
/// asked once and kept in `sessionStorage` for the browser session.
enum ConsolePage {
    static var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Nothing but the page's own script and style block (allowed by their
    /// SHA-256, not `'unsafe-inline'`, so an injected script never runs), its
    /// calls to the admin API, and no framing by other pages.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src \(hashSource(of: "script"))", "style-src \(hashSource(of: "style"))",
        "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The CSP hash source (`'sha256-…'`) of the content of the page's one `<tag>` element.
    private static func hashSource(of tag: String) -> String {
        guard let open = html.range(of: "<\(tag)>"), let close = html.range(of: "</\(tag)>", range: open.upperBound..<html.endIndex) else {
            preconditionFailure("the console page has no <\(tag)> element")
        }
        let digest = SHA256.hash(data: Array(html[open.upperBound..<close.lowerBound].utf8))
        return "'sha256-\(Data(digest).base64EncodedString())'"
    }

    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>PatchBay console</title>
        <style>
          body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f5f6f8; }
          header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: center; }
          header h1 { font-size: 18px; margin: 0; flex: 1; }
          main { padding: 16px 20px; display: grid; gap: 16px; }
          #app { display: grid; gap: 16px; min-width: 0; }
          section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 12px 16px; min-width: 0; overflow-x: auto; }
          #filters { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin-bottom: 8px; }
          h2 { font-size: 15px; margin: 0 0 8px; }
          #counters { display: flex; flex-wrap: wrap; gap: 10px; }
          .counter { border: 1px solid #dde1e7; border-radius: 6px; padding: 6px 12px; min-width: 90px; }
          .counter b { display: block; font-size: 20px; }
          table { border-collapse: collapse; width: 100%; }
          th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f3; }
          tbody tr { cursor: pointer; }
          tbody tr:hover { background: #eef3ff; }
          .status { padding: 1px 6px; border-radius: 4px; font-size: 12px; }
          .delivered { background: #d9f2e1; } .pending { background: #fff2cc; } .dead { background: #f8d7da; }
          .ignored { background: #e9ecef; } .failed_mapping { background: #fde2c8; } .waiting_identity { background: #e2e3f8; }
          input, select, button { font: inherit; padding: 3px 6px; }
          button { cursor: pointer; }
          pre { background: #f5f6f8; padding: 8px; overflow: auto; max-height: 260px; margin: 4px 0; }
          #message { min-height: 1.4em; color: #0b5; } #message.error { color: #c00; }
          .problems { color: #c00; }
          #login[hidden], #app[hidden] { display: none; }
        </style>
        </head>
        <body>
        <header><h1>PatchBay console</h1><span id="message"></span><button id="logout" type="button">Forget token</button></header>
        <main>
          <section id="login">
            <h2>Admin token</h2>
            <form id="login-form"><input id="token" type="password" size="40" placeholder="PATCHBAY_ADMIN_TOKEN" autocomplete="off">
            <button id="save-token" type="submit">Open</button></form>
          </section>
          <div id="app" hidden>
            <section><h2>Counters</h2><div id="counters"></div><div id="mapping-problems" class="problems"></div></section>
            <section>
              <h2>Events</h2>
              <form id="filters">
                <label>Source <select id="filter-source"><option value="">any</option></select></label>
                <label>Status <select id="filter-status"><option value="">any</option><option>pending</option><option>waiting_identity</option><option>delivered</option><option>dead</option><option>ignored</option><option>failed_mapping</option></select></label>
                <label>Customer <input id="filter-customer" size="16"></label>
                <label>From <input id="filter-from" size="20" placeholder="2024-05-01T00:00:00Z"></label>
                <label>To <input id="filter-to" size="20"></label>
                <button id="apply-filters" type="submit">Filter</button>
                <button id="replay-dead" type="button">Replay dead (filtered source)</button>
              </form>
              <table id="events"><thead><tr><th>Id</th><th>Source</th><th>Key</th><th>Status</th><th>Received</th><th>Error</th></tr></thead><tbody></tbody></table>
              <button id="more" type="button" hidden>More</button>
            </section>
            <section id="detail" hidden>
              <h2>Event <span id="detail-id"></span> <span id="detail-status" class="status"></span></h2>
              <button id="replay" type="button">Replay</button> <button id="replay-remap" type="button">Re-map and replay</button>
              <h3>PATCH it produced</h3><div id="detail-patches"></div>
              <h3>Attempts</h3>
              <table id="attempts"><thead><tr><th>#</th><th>Outcome</th><th>HTTP</th><th>Started</th><th>Error</th></tr></thead><tbody></tbody></table>
              <h3>Delivery body</h3><pre id="detail-body"></pre>
            </section>
          </div>
        </main>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        let cursor = null, current = null;
        function token() { return sessionStorage.getItem("patchbay-admin-token"); }
        function say(text, isError) { $("message").textContent = text; $("message").className = isError ? "error" : ""; }
        async function api(path, method) {
          const response = await fetch(path, { method: method || "GET", headers: { Authorization: "Bearer " + token() } });
          const body = await response.json().catch(() => ({}));
          if (response.status === 401) { sessionStorage.removeItem("patchbay-admin-token"); show(); throw new Error("the token was refused"); }
          if (!response.ok) throw new Error(body.message || ("HTTP " + response.status));
          return body;
        }
        function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text == null ? "" : String(text); if (cls) td.className = cls; return td; }
        function badge(row, status) { const td = row.insertCell(); const span = document.createElement("span"); span.className = "status " + status; span.textContent = status; td.appendChild(span); }
        async function loadCounters() {
          const stats = await api("/api/stats");
          const box = $("counters"); box.textContent = "";
          const add = (name, value) => { const div = document.createElement("div"); div.className = "counter"; div.dataset.name = name;
            const b = document.createElement("b"); b.textContent = value == null ? "–" : value; div.append(b, name); box.appendChild(div); };
          for (const [status, count] of Object.entries(stats.events)) add("events " + status, count);
          add("updates pending", stats.updates.pending + stats.updates.in_flight);
          add("updates waiting for an identity", stats.updates.waiting_identity);
          add("oldest pending (s)", stats.oldestOpenAgeSeconds);
          add("paused sources", stats.pausedSources.join(", ") || "none");
          const pause = stats.upstreamPause;
          add("upstream", pause ? "paused: " + pause.reason + " (next probe " + pause.nextProbeAt + ")" : "delivering");
          const mappings = await api("/api/mappings");
          const select = $("filter-source"), chosen = select.value;
          select.length = 1;
          for (const source of mappings.sources) { const option = new Option(source.source + (source.paused ? " (paused)" : ""), source.source); select.add(option); }
          select.value = chosen;
          $("mapping-problems").textContent = mappings.problems.length ? "Mapping reload failed, previous set in force: " + mappings.problems.join("; ") : "";
        }
        function filterQuery() {
          const query = new URLSearchParams();
          for (const [name, id] of [["source", "filter-source"], ["status", "filter-status"], ["customer", "filter-customer"], ["from", "filter-from"], ["to", "filter-to"]]) {
            if ($(id).value) query.set(name, $(id).value);
          }
          return query;
        }
        async function loadEvents(more) {
          const query = filterQuery(); query.set("limit", "50");
          if (more && cursor) query.set("cursor", cursor);
          const page = await api("/api/events?" + query);
          const body = $("events").tBodies[0];
          if (!more) body.textContent = "";
          for (const event of page.events) {
            const row = body.insertRow(); row.dataset.id = event.id;
            cell(row, event.id); cell(row, event.source); cell(row, event.key); badge(row, event.status); cell(row, event.receivedAt); cell(row, event.error);
            row.addEventListener("click", () => openEvent(event.id));
          }
          cursor = page.nextCursor; $("more").hidden = !cursor;
        }
        async function openEvent(id) {
          const event = await api("/api/events/" + id);
          current = event.id;
          $("detail").hidden = false; $("detail-id").textContent = "#" + event.id + " " + event.source + " " + event.key;
          $("detail-status").textContent = event.status; $("detail-status").className = "status " + event.status;
          const patches = $("detail-patches"); patches.textContent = "";
          if (!event.patches.length) patches.textContent = "none (" + (event.error || "no rule matched") + ")";
          for (const patch of event.patches) {
            const pre = document.createElement("pre"); pre.className = "patch";
            pre.textContent = patch.method + " " + patch.url + "\n" + patch.headers.map((h) => h.name + ": " + h.value).join("\n") + "\n\n" + JSON.stringify(patch.body, null, 2);
            patches.appendChild(pre);
          }
          const attempts = $("attempts").tBodies[0]; attempts.textContent = "";
          event.attempts.forEach((attempt, index) => { const row = attempts.insertRow(); cell(row, index + 1); cell(row, attempt.outcome); cell(row, attempt.httpStatus); cell(row, attempt.startedAt); cell(row, attempt.error); });
          $("detail-body").textContent = event.delivery.body;
        }
        async function replay(remap) {
          const report = await api("/api/events/" + current + "/replay" + (remap ? "?remap=true" : ""), "POST");
          const replayed = remap ? report.replayed.length : report.replayedEvents;
          say(replayed ? "Event " + current + " queued again" : "Not replayed: " + JSON.stringify(report), !replayed);
          await refresh(); await openEvent(current);
        }
        async function refresh() { await loadCounters(); await loadEvents(false); }
        function show() { const has = !!token(); $("login").hidden = has; $("app").hidden = !has; if (has) refresh().catch((e) => say(e.message, true)); }
        $("login-form").addEventListener("submit", (e) => { e.preventDefault(); sessionStorage.setItem("patchbay-admin-token", $("token").value); $("token").value = ""; show(); });
        $("logout").addEventListener("click", () => { sessionStorage.removeItem("patchbay-admin-token"); show(); });
        $("filters").addEventListener("submit", (e) => { e.preventDefault(); loadEvents(false).catch((err) => say(err.message, true)); });
        $("more").addEventListener("click", () => loadEvents(true).catch((e) => say(e.message, true)));
        $("replay").addEventListener("click", () => replay(false).catch((e) => say(e.message, true)));
        $("replay-remap").addEventListener("click", () => replay(true).catch((e) => say(e.message, true)));
        $("replay-dead").addEventListener("click", async () => {
          try { const source = $("filter-source").value; const report = await api("/api/replay" + (source ? "?source=" + encodeURIComponent(source) : ""), "POST");
            say(report.replayedEvents + " dead event(s) queued again"); await refresh(); } catch (e) { say(e.message, true); }
        });
        show();
        setInterval(() => { if (token()) loadCounters().catch(() => {}); }, 5000);
        </script>
        </body>
        </html>
        """#
}
