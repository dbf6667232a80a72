// Client-side search of the API reference: services, actions, data types and error codes.
// The index is `search-index.json`; `search-index.js` holds the same data as a script, so
// the search also works on pages opened from disk (file://), where fetch() is refused.
// Ranking: exact name, then names starting with the query, then names containing it, then
// matches in the one-line summary; at most LIMIT results. `?q=Name` in the URL searches on
// load, and the box keeps the URL in step, so a search can be linked to.
(function () {
  "use strict";
  var LIMIT = 100;
  var KINDS = { s: "service", a: "action", t: "data type", e: "error code" };
  var data = window.TCAPI_SEARCH || { services: [], entries: [] };
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !list) return;

  function search(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var buckets = [[], [], [], []];
    for (var i = 0; i < data.entries.length; i++) {
      var e = data.entries[i];
      var name = e[1].toLowerCase();
      var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) > 0 ? 2 :
        e[4].toLowerCase().indexOf(q) >= 0 ? 3 : -1;
      if (rank >= 0) buckets[rank].push(e);
    }
    return buckets[0].concat(buckets[1], buckets[2], buckets[3]);
  }

  function render(query) {
    var found = search(query);
    while (list.firstChild) list.removeChild(list.firstChild);
    found.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = KINDS[e[0]] || e[0];
      var a = document.createElement("a");
      a.href = e[3];
      a.textContent = e[1];
      a.setAttribute("data-kind", KINDS[e[0]] || e[0]);
      li.appendChild(kind);
      li.appendChild(a);
      var service = data.services[e[2]];
      var summary = document.createElement("span");
      summary.className = "summary";
      summary.textContent = (service && e[0] !== "s" ? " (" + service[0] + ", " + service[1] + ")" : "") + (e[4] ? ": " + e[4] : "");
      li.appendChild(summary);
      list.appendChild(li);
    });
    if (status) {
      status.textContent = query.trim() ? found.length + " result" + (found.length === 1 ? "" : "s") +
        (found.length > LIMIT ? ", the first " + LIMIT + " shown" : "") : "";
    }
  }

  input.addEventListener("input", function () {
    var url = new URL(window.location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    try { window.history.replaceState(null, "", url.toString()); } catch (err) { /* file:// in some browsers */ }
    render(input.value);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    render(initial);
  }
})();
