// app.js - the reviewer's desk: screening, the alert queue with
// decisions, list versions with their diffs, and the trade check. Plain
// browser JavaScript against the embargo HTTP API; no libraries, no
// network beyond this server. Everything shown is inserted as text (never
// as HTML), so listed names cannot inject markup.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) {
    if (k === null || k === undefined) continue;
    e.append(typeof k === "string" || typeof k === "number" ? String(k) : k);
  }
  return e;
}

// ---- token: from #token=..., else remembered ---------------------------
(function initToken() {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) {
    localStorage.setItem("embargo-token", decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname);
  }
  $("token").value = localStorage.getItem("embargo-token") || "";
  $("token").addEventListener("change", () =>
    localStorage.setItem("embargo-token", $("token").value.trim()));
})();

async function api(method, path, body) {
  const headers = {};
  const token = $("token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    const msg = data && data.error ? data.error.message : res.statusText;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return data;
}

function setStatus(id, text, isError) {
  $(id).textContent = text;
  $(id).classList.toggle("error", !!isError);
}

// ---- tabs ---------------------------------------------------------------
function show(tab) {
  document.querySelectorAll("nav button").forEach((b) =>
    b.classList.toggle("active", b.dataset.tab === tab));
  document.querySelectorAll(".panel").forEach((p) =>
    p.classList.toggle("active", p.id === tab));
  if (tab === "alerts") loadAlerts();
  if (tab === "lists") loadLists();
}
document.querySelectorAll("nav button").forEach((b) =>
  b.addEventListener("click", () => show(b.dataset.tab)));

// ---- search -------------------------------------------------------------
function explanationTable(ex) {
  // nothing is aligned when an identifier alone found the hit
  if (!ex || !ex.tokens || !ex.tokens.length) return null;
  const t = el("table", { class: "tokens" },
    el("tr", {}, el("th", {}, "query token"), el("th", {}, "listed token"),
      el("th", {}, "how"), el("th", {}, "similarity")));
  for (const tk of ex.tokens) {
    const parts = [tk.list].concat(tk.list_mid || [], tk.list2 ? [tk.list2] : []);
    const listed = tk.list ? parts.join(" + ") : "—";
    t.append(el("tr", {}, el("td", {}, tk.query || ""), el("td", {}, listed),
      el("td", {}, tk.match || tk.how || ""),
      el("td", { class: "num" }, tk.similarity !== undefined ?
        Number(tk.similarity).toFixed(2) : "")));
  }
  return t;
}

function evidenceText(ex) {
  if (!ex) return "";
  const parts = [];
  if (ex.query_normalisations && ex.query_normalisations.length)
    parts.push("normalised: " + ex.query_normalisations.join(", "));
  for (const ev of ex.evidence || []) {
    if (ev.field === "identifier") {
      // the party holds the query's identifier (=), or another of its kind
      // (conflicts): which one, as it is listed
      const agrees = ev.result === "agrees";
      parts.push("identifier " + ev.query_value +
        (agrees ? " = " : " conflicts with ") +
        (ev.list_label || ev.list_kind || "") + " " + ev.list_value +
        (ev.effect ? " " + (ev.effect > 0 ? "+" : "") +
                     Number(ev.effect).toFixed(2) : ""));
      continue;
    }
    parts.push(ev.field + " " + (ev.result || (ev.agrees > 0 ? "agrees" : "conflicts")) +
      (ev.list_value ? " (" + ev.list_value + ")" : "") +
      " " + (ev.effect >= 0 ? "+" : "") + Number(ev.effect).toFixed(2));
  }
  return parts.join("; ");
}

function renderHit(h) {
  const sources = (h.sources || []).map((s) => s.source + ":" + s.source_id);
  return el("li", { class: "hit" },
    el("div", { class: "head" },
      el("span", { class: "score" }, Number(h.score).toFixed(3)),
      el("span", { class: "name" }, h.name || ""),
      el("span", { class: "meta" }, (h.source || "") + ":" + (h.source_id || "")),
      el("span", { class: "meta" }, h.type || ""),
      el("span", { class: "meta" }, (h.programs || []).join(", "))),
    h.matched_name && h.matched_name !== h.name ?
      el("div", { class: "meta" }, "matched name: " + h.matched_name) : null,
    sources.length > 1 ? el("div", { class: "meta" }, "also: " + sources.join(", ")) : null,
    el("div", { class: "meta" }, evidenceText(h.explanation)),
    explanationTable(h.explanation));
}

$("search-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const p = new URLSearchParams();
  for (const k of ["name", "identifier", "type", "country", "dob", "threshold"]) {
    const v = $("q-" + k).value.trim();
    if (v) p.set(k, v);
  }
  $("hits").replaceChildren();
  setStatus("search-status", "screening…");
  try {
    const t0 = performance.now();
    const data = await api("GET", "/v1/screen?" + p.toString());
    const hits = (data.result && data.result.hits) || [];
    setStatus("search-status", hits.length + " hit" + (hits.length === 1 ? "" : "s") +
      " at or above the threshold, lists " + data.list_versions + " (" +
      Math.round(performance.now() - t0) + " ms)");
    $("hits").replaceChildren(...hits.map(renderHit));
  } catch (e) {
    setStatus("search-status", e.message, true);
  }
});

// ---- alerts -------------------------------------------------------------
async function decide(id, decision, comment) {
  try {
    await api("POST", "/v1/alerts/" + id + "/decision", { decision, comment });
    setStatus("alerts-status", "alert " + id + ": " + decision.replace("_", " ") + " recorded");
    loadAlerts(true);
  } catch (e) {
    setStatus("alerts-status", "alert " + id + ": " + e.message +
      (e.status === 401 ? " — enter the admin token above" : ""), true);
  }
}

function alertRow(a) {
  const comment = el("input", { placeholder: "comment", class: "comment" });
  const waiting = a.status === "open" || a.status === "escalated";
  const buttons = waiting ? el("div", { class: "decide" }, comment,
    el("button", { class: "tm", onclick: () => decide(a.id, "true_match", comment.value) }, "True match"),
    el("button", { class: "fp", onclick: () => decide(a.id, "false_positive", comment.value) }, "False positive"),
    el("button", { class: "es", onclick: () => decide(a.id, "escalate", comment.value) }, "Escalate"))
    : el("span", {}, (a.decision || a.close_reason || "") +
        (a.comment ? " — " + a.comment : "") + (a.decided_by ? " (" + a.decided_by + ")" : ""));
  return el("tr", { "data-alert": a.id },
    el("td", { class: "num" }, a.id),
    el("td", {}, a.book + " " + a.row_id, el("br"), el("small", {}, a.row_name || "")),
    el("td", {}, a.record_name || "", el("br"),
      el("small", {}, a.source + ":" + a.source_id + (a.matched_name &&
        a.matched_name !== a.record_name ? " as " + a.matched_name : ""))),
    el("td", { class: "num" }, a.score !== null ? Number(a.score).toFixed(3) : ""),
    el("td", {}, a.reason + " via " + (a.via || "name")),
    el("td", {}, a.status),
    el("td", {}, buttons));
}

async function loadAlerts(keepStatus) {
  const status = $("alert-status").value;
  try {
    const data = await api("GET", "/v1/alerts?status=" + encodeURIComponent(status));
    $("alerts-table").tBodies[0].replaceChildren(...data.alerts.map(alertRow));
    if (!keepStatus)
      setStatus("alerts-status", data.alerts.length + " " + status + " alert" +
        (data.alerts.length === 1 ? "" : "s"));
  } catch (e) {
    setStatus("alerts-status", e.message, true);
  }
  refreshCount();
}

async function refreshCount() {
  try {
    const data = await api("GET", "/v1/alerts?status=open");
    $("alert-count").textContent = data.alerts.length ? String(data.alerts.length) : "";
  } catch (e) { /* the count is a convenience */ }
}

$("alerts-reload").addEventListener("click", () => loadAlerts());
$("alert-status").addEventListener("change", () => loadAlerts());

// ---- lists and diffs ----------------------------------------------------
async function showDiff(source, from, to) {
  const box = $("diff");
  box.replaceChildren(el("p", { class: "status" }, "loading the diff…"));
  try {
    const d = await api("GET", "/v1/lists/" + encodeURIComponent(source) +
      "/diff?from=" + from + "&to=" + to);
    const s = d.summary;
    const list = el("table", { id: "diff-table" },
      el("tr", {}, el("th", {}, "Change"), el("th", {}, "Id"), el("th", {}, "Name"),
        el("th", {}, "Fields")));
    for (const e of d.entries)
      list.append(el("tr", {}, el("td", { class: "change-" + e.change }, e.change),
        el("td", {}, e.source_id), el("td", {}, e.name),
        el("td", {}, (e.fields || []).join(", "))));
    box.replaceChildren(
      el("h3", {}, source + ": version " + from + " → " + to),
      el("p", { id: "diff-summary" }, s.added + " added, " + s.removed + " removed, " +
        s.changed + " changed"), list);
  } catch (e) {
    box.replaceChildren(el("p", { class: "status error" }, e.message));
  }
}

async function loadLists() {
  try {
    const data = await api("GET", "/v1/lists");
    const rows = data.lists.map((v) => el("tr", {},
      el("td", {}, v.source), el("td", { class: "num" }, v.version),
      el("td", {}, v.published + (v.published_inferred ? " (inferred)" : "")),
      el("td", {}, v.imported_at), el("td", { class: "num" }, v.records),
      el("td", {}, v.current ? "yes" : ""),
      el("td", {}, v.version > 1 ? el("button", {
        onclick: () => showDiff(v.source, v.version - 1, v.version),
      }, "diff with v" + (v.version - 1)) : "")));
    $("lists-table").tBodies[0].replaceChildren(...rows);
    setStatus("lists-status", data.lists.length + " versions; in force: " +
      (data.list_versions || "none"));
  } catch (e) {
    setStatus("lists-status", e.message, true);
  }
}

// ---- trade check --------------------------------------------------------
$("trade-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const order = {
    id: "desk-1", side: $("t-side").value, security: $("t-security").value.trim(),
    us_person: $("t-us").value, time: $("t-time").value.trim() || new Date().toISOString(),
  };
  $("trade-result").textContent = "";
  setStatus("trade-status", "checking…");
  try {
    const data = await api("POST", "/v1/trades/check", order);
    setStatus("trade-status", "decision made");
    $("trade-result").textContent = JSON.stringify(data, null, 2);
  } catch (e) {
    if (e.status === 501)
      setStatus("trade-status", "Trade checks are not available in this build: " + e.message, true);
    else
      setStatus("trade-status", e.message, true);
  }
});

// ---- start --------------------------------------------------------------
(async function start() {
  try {
    const h = await api("GET", "/healthz");
    $("versions").textContent = h.list_versions ? "lists " + h.list_versions : "no lists loaded";
  } catch (e) { /* shown by the first action */ }
  refreshCount();
})();
