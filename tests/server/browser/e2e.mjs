// e2e.mjs - drives the reviewer's page in headless Chromium through the
// DevTools protocol, with nothing but Node (no npm packages), and checks
// what a reviewer sees: a search with its hit and explanation, the alert
// queue and a one-click decision, the list versions and a diff, and the
// trade form's state.
//
//   node --experimental-websocket e2e.mjs CHROMIUM BASE_URL TOKEN OPEN_ALERTS OUTDIR
//
// Exit status 0 when every check holds; 1 with the failed check otherwise.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readlinkSync, existsSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

const [chromium, base, token, openAlerts, outdir] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "embargo-chromium-"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function fail(msg) {
  console.error("FAIL: " + msg);
  await cleanup();
  process.exit(1);
}

const args = ["--headless=new", "--no-sandbox", "--disable-gpu",
  "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
  "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"];
const browser = spawn(chromium, args, { stdio: ["ignore", "ignore", "pipe"] });
let stderr = "";
browser.stderr.on("data", (d) => { stderr += d; });

// Stops the browser and removes its profile. Its helper processes can
// still write into the profile for a moment after the browser is gone, so
// the removal is repeated until the folder stays away.
async function cleanup() {
  // The profile's SingletonSocket links into a folder of the browser's own
  // under the temporary directory, which it leaves behind when stopped.
  let socketDir = "";
  try { socketDir = dirname(readlinkSync(join(profile, "SingletonSocket"))); } catch (e) { /* none */ }
  if (dirname(socketDir) !== tmpdir() || !basename(socketDir).startsWith("org.chromium."))
    socketDir = "";
  // SIGTERM lets the browser remove its own temporary files; SIGKILL
  // follows when it has not gone within three seconds.
  for (const sig of ["SIGTERM", "SIGKILL"]) {
    if (browser.exitCode !== null || browser.signalCode !== null) break;
    const gone = new Promise((r) => browser.once("exit", r));
    try { browser.kill(sig); } catch (e) { /* gone */ }
    await Promise.race([gone, sleep(3000)]);
  }
  for (const dir of [profile, socketDir]) {
    for (let i = 0; i < 30 && dir && existsSync(dir); i++) {
      try { rmSync(dir, { recursive: true, force: true }); } catch (e) { /* busy */ }
      await sleep(100);
    }
  }
}

// Chromium writes its DevTools port into the profile folder.
let port = 0;
for (let i = 0; i < 300 && !port; i++) {
  const f = join(profile, "DevToolsActivePort");
  if (existsSync(f)) port = Number(readFileSync(f, "utf8").split("\n")[0]);
  else await sleep(100);
}
if (!port) await fail("chromium did not start: " + stderr.slice(0, 500));

const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const page = targets.find((t) => t.type === "page");
if (!page) await fail("no page target");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((res, rej) => { ws.onopen = res; ws.onerror = rej; });
let nextId = 1;
const pending = new Map();
const events = [];
ws.onmessage = (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && pending.has(msg.id)) {
    pending.get(msg.id)(msg);
    pending.delete(msg.id);
  } else if (msg.method) {
    events.push(msg);
  }
};
function send(method, params = {}) {
  const id = nextId++;
  ws.send(JSON.stringify({ id, method, params }));
  return new Promise((res) => pending.set(id, res));
}
async function evaluate(expr) {
  const r = await send("Runtime.evaluate",
    { expression: expr, awaitPromise: true, returnByValue: true });
  if (r.error) await fail("evaluate: " + r.error.message);
  if (r.result.exceptionDetails)
    await fail("page script: " + JSON.stringify(r.result.exceptionDetails).slice(0, 300));
  return r.result.result.value;
}
// Waits until expr (a JS expression) is truthy in the page.
async function waitFor(expr, what, ms = 10000) {
  for (let t = 0; t < ms; t += 100) {
    const v = await evaluate(`(() => { try { return ${expr}; } catch (e) { return false; } })()`);
    if (v) return v;
    await sleep(100);
  }
  await fail("timed out waiting for " + what);
}
const text = (sel) => `(document.querySelector(${JSON.stringify(sel)}) || {}).textContent || ""`;

await send("Page.enable");
await send("Runtime.enable");
await send("Page.navigate", { url: base + "/#token=" + encodeURIComponent(token) });
await waitFor(`document.readyState === "complete" && !!document.getElementById("search-form")`, "the page");
await waitFor(`${text("#versions")}.includes("us_ofac_cons:2")`, "the list versions in the header");

// 1. Search: a hit with its record, score and explanation.
await evaluate(`document.getElementById("q-name").value = "SZ DJI Technology"; document.getElementById("search-go").click(); true`);
await waitFor(`document.querySelectorAll("#hits li").length > 0`, "search hits");
const hit = await evaluate(text("#hits li"));
if (!hit.includes("SZ DJI TECHNOLOGY CO., LTD.")) await fail("first hit is not DJI: " + hit);
if (!hit.includes("us_ofac_cons:33111")) await fail("hit lacks its record id: " + hit);
if (!hit.includes("CMIC-EO13959")) await fail("hit lacks its program: " + hit);
if (!(await evaluate(`document.querySelectorAll("#hits li table.tokens tr").length > 1`)))
  await fail("hit lacks the token alignment table");
if (!(await evaluate(`${text("#search-status")}.includes("us_ofac_cons:2")`)))
  await fail("search status lacks the list version");
// a word written as two listed words shows both in the alignment
await evaluate(`document.getElementById("q-name").value = "SZDJI Technology"; document.getElementById("search-go").click(); true`);
await waitFor(`${text("#hits li table.tokens")}.includes("sz + dji")`, "the joined words in the alignment");
// an identifier alone: the bank that holds the BIC, and which identifier it is
await evaluate(`document.getElementById("q-name").value = ""; document.getElementById("q-identifier").value = "CBGURUMMXXX"; document.getElementById("search-go").click(); true`);
await waitFor(`${text("#hits li")}.includes("BANK VTB 24")`, "the hit by identifier");
const byId = await evaluate(text("#hits li"));
if (!byId.includes("identifier CBGURUMMXXX = SWIFT/BIC CBGURUMM"))
  await fail("hit by identifier lacks its identifier: " + byId);
await evaluate(`document.getElementById("q-identifier").value = ""; true`);

// 2. Alerts: the open queue, then a one-click decision with a comment.
await evaluate(`document.getElementById("tab-alerts").click(); true`);
await waitFor(`document.querySelectorAll("#alerts-table tbody tr").length === ${Number(openAlerts)}`,
  openAlerts + " open alerts in the queue");
const badge = await evaluate(text("#alert-count"));
if (badge !== String(openAlerts)) await fail("badge shows " + badge + ", expected " + openAlerts);
const firstId = await evaluate(`document.querySelector("#alerts-table tbody tr").dataset.alert`);
await evaluate(`(() => { const row = document.querySelector('#alerts-table tbody tr');
  row.querySelector('input.comment').value = 'checked the date of birth';
  row.querySelector('button.fp').click(); return true; })()`);
await waitFor(`${text("#alerts-status")}.includes("false positive recorded")`, "the decision to be recorded");
await waitFor(`document.querySelectorAll("#alerts-table tbody tr").length === ${Number(openAlerts) - 1}`,
  "the queue to shrink by one");
const decided = await evaluate(`fetch("/v1/alerts?status=dismissed").then(r => r.json())`);
const d = decided.alerts.find((a) => String(a.id) === String(firstId));
if (!d) await fail("alert " + firstId + " is not dismissed");
if (d.comment !== "checked the date of birth") await fail("comment not stored: " + d.comment);
if (d.decided_by !== "reviewer") await fail("decided_by is " + d.decided_by);

// 3. Lists and a diff.
await evaluate(`document.getElementById("tab-lists").click(); true`);
await waitFor(`document.querySelectorAll("#lists-table tbody tr").length === 2`, "two list versions");
await evaluate(`document.querySelector("#lists-table tbody button").click(); true`);
await waitFor(`${text("#diff-summary")} === "0 added, 1 removed, 397 changed"`, "the diff summary");
if (!(await evaluate(`${text("#diff-table")}.includes("KAYAKIRAN, Evren")`)))
  await fail("the diff does not list the removed record");

// 4. Trade check: a clear state either way.
await evaluate(`document.getElementById("tab-trades").click(); document.getElementById("t-security").value = "CNE100000PM8"; document.getElementById("trade-go").click(); true`);
await waitFor(`${text("#trade-status")}.includes("not available") || ${text("#trade-result")}.includes("decision")`,
  "the trade check answer");

const shot = await send("Page.captureScreenshot", { format: "png" });
if (outdir && shot.result && shot.result.data)
  writeFileSync(join(outdir, "reviewer-page.png"), Buffer.from(shot.result.data, "base64"));

console.log("browser e2e: search, alerts, decision, lists, diff and trade form OK");
ws.close();
await cleanup();
process.exit(0);
