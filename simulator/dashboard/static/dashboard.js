// backoffice-sim dashboard: reads and drives the admin API (/_admin) from the browser; no build step.
const TOKEN_KEY = "backoffice-sim.token";
const TENANT_KEY = "backoffice-sim.tenant";
const POLL_MS = 1500;
const METRICS_MS = 2000;
const HISTORY = 90;
const LIST_LIMIT = 100;

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// -- the admin API ------------------------------------------------------------------------------------------------

class Unauthorized extends Error {}

async function api(path, { method = "GET", body, text = false } = {}) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  const tenant = sessionStorage.getItem(TENANT_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (tenant) headers["X-Backoffice-Tenant"] = tenant;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) throw new Unauthorized("the admin token is missing or wrong");
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch { /* not JSON */ }
    throw new Error(`${method} ${path}: ${response.status} ${detail}`);
  }
  if (response.status === 204) return null;
  return text ? response.text() : response.json();
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.append(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

function filters(name) {
  const form = $(`[data-filters="${name}"]`);
  const values = {};
  if (!form) return values;
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.type === "checkbox") { if (field.checked) values[field.name] = field.value; } else if (field.value.trim()) {
      values[field.name] = field.value.trim();
    }
  }
  return values;
}

// -- DOM helpers (text only: nothing from the API is parsed as HTML) ----------------------------------------------

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function short(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function when(stamp) {
  return stamp ? String(stamp).replace("T", " ").replace(/\.\d+/, "").replace("+00:00", "Z") : "";
}

let errorShownAt = 0;

function setStatus(message, isError = false) {
  const status = $("#status");
  if (isError) errorShownAt = Date.now();
  status.textContent = message;
  status.className = isError ? "error" : "muted";
}

function button(label, action, attrs = {}) {
  return h("button", { type: "button", ...attrs, onclick: async (event) => {
    event.stopPropagation();
    try {
      await action();
      setStatus(`${label}: done`);
      await refresh();
    } catch (error) { report(error); }
  } }, label);
}

function report(error) {
  if (error instanceof Unauthorized) { askToken(error.message); return; }
  setStatus(error.message, true);
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

// What each view last drew from: a poll that finds the same data leaves the DOM (selection, typing) alone.
const drawn = {};

function unchanged(view, ...data) {
  const key = JSON.stringify([sessionStorage.getItem(TENANT_KEY), ...data]);
  if (drawn[view] === key) return true;
  drawn[view] = key;
  return false;
}

// -- token and tenant ---------------------------------------------------------------------------------------------

function askToken(message = "") {
  const dialog = $("#token-dialog");
  $("#token-error").textContent = message;
  if (!dialog.open) dialog.showModal();
}

function setupHeader() {
  $("#token-form").addEventListener("submit", () => {
    sessionStorage.setItem(TOKEN_KEY, $("#token-input").value);
    $("#token-input").value = "";
    $("#token-error").textContent = "";
    refresh();
  });
  $("#token-button").addEventListener("click", () => askToken());
  const tenant = $("#tenant");
  tenant.value = sessionStorage.getItem(TENANT_KEY) || "";
  tenant.addEventListener("change", () => {
    const name = tenant.value.trim();
    if (name) sessionStorage.setItem(TENANT_KEY, name); else sessionStorage.removeItem(TENANT_KEY);
    stockPart = null;
    metrics.length = 0;
    refresh();
  });
}

const tenantsSeen = new Set();

function noteTenants(items) {
  let added = false;
  for (const item of items) {
    if (item.tenant && !tenantsSeen.has(item.tenant)) { tenantsSeen.add(item.tenant); added = true; }
  }
  if (added) fill($("#tenants"), [...tenantsSeen].sort().map((name) => h("option", { value: name })));
}

// -- tabs and polling ---------------------------------------------------------------------------------------------

let active = "orders";
const views = {};

function setupTabs() {
  for (const tab of $$("#tabs button")) {
    tab.addEventListener("click", () => {
      active = tab.dataset.tab;
      $$("#tabs button").forEach((b) => b.classList.toggle("active", b === tab));
      $$("section.tab").forEach((s) => s.classList.toggle("active", s.id === active));
      refresh();
    });
  }
  for (const form of $$("[data-filters]")) {
    form.addEventListener("input", () => refresh());
    form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  }
}

let refreshing = null;

async function refresh() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      await views[active]();
      if (Date.now() - errorShownAt > 5000) setStatus(`updated ${new Date().toLocaleTimeString()}`);
    } catch (error) { report(error); } finally { refreshing = null; }
  })();
  return refreshing;
}

// -- orders and quotes --------------------------------------------------------------------------------------------

const ORDER_ACTIONS = ["release", "ship", "deposit", "backorder", "cancel"];
const expanded = new Set();

function linesTable(lines) {
  return h("table", { class: "lines" },
    h("thead", {}, h("tr", {}, ["Line", "Commerce item", "Part", "Qty", "Unit price", "Status", "FC", "Ship date"]
      .map((c) => h("th", {}, c)))),
    h("tbody", {}, lines.map((l) => h("tr", {},
      [l.line_id, l.commerce_item_id, l.part_number, l.quantity, l.unit_price, l.status, l.fc_id, when(l.ship_date)]
        .map((v) => h("td", {}, short(v)))))));
}

views.orders = async () => {
  const found = await api(`/_admin/orders${query({ ...filters("orders"), limit: LIST_LIMIT })}`);
  const channels = metrics.length ? metrics[metrics.length - 1].channels : {};
  const select = $('[data-filters="orders"] select[name="channel"]');
  if (unchanged("orders", found, [...expanded], channels, select.value)) return;
  fill($("#order-channels"), Object.entries(channels).map(([channel, count]) => h("button", { type: "button",
    class: select.value === channel ? "active" : "", "data-channel": channel,
    onclick: () => { select.value = select.value === channel ? "" : channel; refresh(); } }, `${channel} (${count})`)));
  $('[data-summary="orders"]').textContent = `${found.total} orders (newest first, ${found.items.length} shown)`;
  const rows = [];
  for (const order of found.items) {
    const id = order.external_order_id;
    const open = expanded.has(id);
    rows.push(h("tr", { "data-order": id, "data-commerce-order": order.commerce_order_id || "", class: "clickable",
      onclick: () => { if (open) expanded.delete(id); else expanded.add(id); refresh(); } },
    h("td", {}, open ? "▾" : "▸"), h("td", {}, id), h("td", {}, order.commerce_order_id || ""),
    h("td", {}, order.channel), h("td", {}, order.buyer_logon_id), h("td", { class: "status" }, order.status),
    h("td", {}, when(order.placed)), h("td", {}, order.lines.length),
    h("td", { class: "actions" }, ORDER_ACTIONS.map((action) => button(action,
      () => api(`/_admin/orders/${encodeURIComponent(id)}/${action}`, { method: "POST", body: {} }),
      { "data-action": action })))));
    if (open) rows.push(h("tr", { class: "detail" }, h("td", {}), h("td", { colspan: 8 }, linesTable(order.lines))));
  }
  fill($('[data-testid="orders-table"] tbody'), rows);
};

views.quotes = async () => {
  const found = await api(`/_admin/quotes${query({ ...filters("quotes"), limit: LIST_LIMIT })}`);
  if (unchanged("quotes", found)) return;
  $('[data-summary="quotes"]').textContent = `${found.total} quotes (${found.items.length} shown)`;
  fill($('[data-testid="quotes-table"] tbody'), found.items.map((quote) => {
    const id = quote.external_quote_id;
    const decide = (decision) => api(`/_admin/quotes/${encodeURIComponent(id)}/${decision}`, { method: "POST" });
    return h("tr", { "data-quote": id }, h("td", {}, id), h("td", {}, quote.channel),
      h("td", {}, quote.buyer_logon_id), h("td", { class: "status" }, quote.status),
      h("td", {}, quote.lines.map((l) => `${l.quantity} × ${l.part_number}`).join(", ")),
      h("td", {}, when(quote.expiration)),
      h("td", { class: "actions" }, button("approve", () => decide("approve")), button("reject", () => decide("reject"))));
  }));
};

views.reservations = async () => {
  const found = await api(`/_admin/reservations${query({ limit: LIST_LIMIT })}`);
  if (unchanged("reservations", found)) return;
  $('[data-summary="reservations"]').textContent = `${found.total} reservations held`;
  const table = $('[data-testid="reservations-table"]');
  const columns = found.items.length ? Object.keys(found.items[0]) : [];
  fill($("thead", table), [h("tr", {}, columns.map((c) => h("th", {}, c)))]);
  fill($("tbody", table), found.items.map((item) => h("tr", {}, columns.map((c) => h("td", {}, short(item[c]))))));
};

// -- stock and prices ---------------------------------------------------------------------------------------------

let stockPart = null;
let partsListed = false;

function setupStock() {
  $("#stock-form").addEventListener("submit", (event) => {
    event.preventDefault();
    stockPart = new FormData(event.target).get("part").trim();
    refresh();
  });
}

function numberInput(attrs) { return h("input", { type: "number", size: 6, ...attrs }); }

views.stock = async () => {
  if (!partsListed) {
    const catalog = await api("/_admin/catalog?limit=500");
    fill($("#parts"), catalog.items.map((e) => h("option", { value: e.part_number }, e.name)));
    partsListed = true;
  }
  const view = $("#stock-view");
  if (!stockPart) {
    delete drawn.stock;
    view.replaceChildren(h("p", { class: "muted" }, "Pick a part number."));
    return;
  }
  if (view.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
  const part = encodeURIComponent(stockPart);
  const stock = await api(`/_admin/stock/${part}`);
  const organization = view.dataset.organization || "";
  const offer = await api(`/_admin/prices/${part}${query({ organization })}`);
  if (unchanged("stock", stock, offer, organization)) return;
  const centers = Object.fromEntries(stock.availability.centers.map((c) => [c.fc_id, c]));
  const rows = stock.levels.map((level) => {
    const onHand = numberInput({ value: level.on_hand, "data-field": "on_hand" });
    const quantity = numberInput({ value: 10, "data-field": "receive" });
    const date = h("input", { type: "datetime-local", "data-field": "date" });
    return h("tr", { "data-fc": level.fc_id }, h("td", {}, level.fc_id), h("td", {}, level.on_hand),
      h("td", {}, level.safety_stock), h("td", {}, short(centers[level.fc_id]?.quantity)),
      h("td", {}, level.receipts.map((r) => `${r.quantity} @ ${when(r.date)}`).join(", ")),
      h("td", {}, onHand, button("set", () => api(`/_admin/stock/${part}`, { method: "POST",
        body: { fc_id: level.fc_id, on_hand: Number(onHand.value) } }))),
      h("td", {}, quantity, date, button("receive", () => api(`/_admin/stock/${part}/receive`, { method: "POST",
        body: { fc_id: level.fc_id, quantity: Number(quantity.value),
          ...(date.value ? { date: new Date(date.value).toISOString() } : {}) } }))));
  });
  const orgInput = h("input", { value: organization, size: 40, placeholder: "organization DN (store default if empty)" });
  const priceInput = h("input", { value: offer.price ?? "", size: 10, "data-testid": "price-input" });
  view.replaceChildren(
    h("h2", {}, `${stock.entry.part_number} — ${stock.entry.name}`),
    h("p", {}, `Availability: ${stock.availability.status}, ${stock.availability.quantity} promisable; list price `,
      `${stock.entry.list_price} ${stock.entry.currency}`),
    h("table", { "data-testid": "stock-table" }, h("thead", {}, h("tr", {}, ["Fulfillment center", "On hand",
      "Safety stock", "Available", "Expected receipts", "Set on hand", "Receive"].map((c) => h("th", {}, c)))),
    h("tbody", {}, rows)),
    h("h2", {}, "Price"),
    h("p", {}, orgInput, button("show price", async () => { view.dataset.organization = orgInput.value.trim(); })),
    h("p", {}, `Offer price: ${short(offer.price)} ${short(offer.currency)} `, h("span", { class: "muted" },
      short(offer.price_list_id ?? "")), " → ", priceInput,
    button("change price", () => api("/_admin/prices", { method: "POST", body: { part_number: stockPart,
      price: priceInput.value, ...(orgInput.value.trim() ? { organization: orgInput.value.trim() }
        : { price_list_id: offer.price_list_id }) } }),
    { "data-testid": "change-price" })));
};

// -- pushes -------------------------------------------------------------------------------------------------------

const PUSH_STATES = ["pending", "delivering", "delivered", "dead"];
let pushState = "";

views.pushes = async () => {
  const kind = $("#push-kind").value.trim();
  const found = await api(`/_admin/pushes${query({ state: pushState, limit: 500 })}`);
  if (unchanged("pushes", found, kind, pushState)) return;
  const counts = found.counts || {};
  fill($("#push-states"), ["", ...PUSH_STATES].map((state) => h("button", { type: "button",
    class: state === pushState ? "active" : "", "data-state": state || "all",
    onclick: () => { pushState = state; refresh(); } }, state ? `${state} (${counts[state] ?? 0})` : "all")));
  const items = found.items.filter((p) => !kind || p.kind.toLowerCase().includes(kind.toLowerCase())).reverse();
  $('[data-summary="pushes"]').textContent = found.enabled
    ? `${found.total} pushes (newest first)` : "Pushes are off: start the simulator with --push-url.";
  fill($('[data-testid="pushes-table"] tbody'), items.map((push) => h("tr", { "data-push": push.push_id,
    "data-key": push.key, "data-state": push.state }, h("td", {}, push.push_id), h("td", {}, push.kind),
  h("td", {}, push.key), h("td", { class: `state ${push.state}` }, push.state), h("td", {}, push.attempts),
  h("td", {}, when(push.created)), h("td", {}, when(push.delivered)),
  h("td", { class: "error-text" }, push.last_error || ""),
  h("td", {}, push.state === "dead" || push.state === "delivered"
    ? button("redeliver", () => api(`/_admin/pushes/${push.push_id}/redeliver`, { method: "POST" })) : ""))));
};

// -- journal and events (newest first, polled) --------------------------------------------------------------------

async function newest(path, params) {
  const head = await api(`${path}${query({ ...params, limit: 1 })}`);
  const offset = Math.max(0, head.total - LIST_LIMIT);
  const found = await api(`${path}${query({ ...params, offset, limit: LIST_LIMIT })}`);
  return { total: found.total, items: found.items.reverse() };
}

views.journal = async () => {
  if ($("#journal-pause").checked) return;
  const found = await newest("/_admin/journal", filters("journal"));
  if (unchanged("journal", found)) return;
  noteTenants(found.items);
  $('[data-summary="journal"]').textContent = `${found.total} exchanges match (newest first, live)`;
  fill($('[data-testid="journal-table"] tbody'), found.items.map((e) => h("tr", { "data-seq": e.seq,
    class: e.fault ? "faulted" : "" }, [e.seq, when(e.at), e.tenant, e.operation, e.action_code, e.status,
    e.duration_ms, e.fault, e.commerce_order_id, (e.part_numbers || []).join(" ")].map((v) => h("td", {}, short(v))))));
};

views.events = async () => {
  const found = await newest("/_admin/events", filters("events"));
  if (unchanged("events", found)) return;
  noteTenants(found.items);
  $('[data-summary="events"]').textContent = `${found.total} domain events (newest first)`;
  fill($('[data-testid="events-table"] tbody'), found.items.map((e) => h("tr", {},
    [e.seq, when(e.at), e.tenant, e.type, e.subject].map((v) => h("td", {}, short(v))))));
};

// -- faults -------------------------------------------------------------------------------------------------------

const SCENARIO_DEFAULTS = { "batch-window": { seconds: 60 } };
let scenariosListed = false;

function ruleFromForm(form) {
  const rule = {};
  for (const field of form.elements) {
    if (!field.name || !field.value.trim()) continue;
    const [group, key] = field.name.includes(".") ? field.name.split(".") : [null, field.name];
    const value = field.type === "number" ? Number(field.value) : field.value.trim();
    if (group) (rule[group] ||= {})[key] = value; else rule[key] = value;
  }
  return rule;
}

function setupFaults() {
  const form = $("#fault-form");
  const json = $("#fault-json");
  const sync = () => { json.value = JSON.stringify(ruleFromForm(form), null, 2); };
  form.addEventListener("input", (event) => { if (event.target !== json) sync(); });
  sync();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const rule = JSON.parse(json.value);
      const added = await api("/_admin/faults", { method: "POST", body: rule });
      setStatus(`fault rule ${added.id} added`);
      await refresh();
    } catch (error) { report(error); }
  });
}

function describe(object) {
  return Object.entries(object || {}).map(([k, v]) => `${k}=${short(v)}`).join(" ");
}

views.faults = async () => {
  if (!scenariosListed) {
    const scenarios = await api("/_admin/faults/scenarios");
    fill($("#scenarios"), scenarios.items.map((s) => {
      const params = h("input", { size: 28, value: JSON.stringify(SCENARIO_DEFAULTS[s.name] || {}),
        title: describe(s.parameters) });
      return h("div", { class: "scenario" }, button(s.name, () => api(
        `/_admin/faults/scenarios/${encodeURIComponent(s.name)}`, { method: "POST", body: JSON.parse(params.value) }),
      { "data-scenario": s.name }), params, h("span", { class: "muted" }, ` ${s.summary}`));
    }));
    scenariosListed = true;
  }
  const rules = await api("/_admin/faults");
  if (unchanged("faults", rules)) return;
  fill($('[data-testid="faults-table"] tbody'), rules.items.map((rule) => h("tr", { "data-rule": rule.id },
    h("td", {}, rule.id), h("td", {}, rule.name || rule.scenario || ""), h("td", {}, describe(rule.match)),
    h("td", {}, describe(rule.effect)), h("td", {}, `${describe(rule.mode)}${rule.remaining == null ? ""
      : ` (${rule.remaining} left)`}`), h("td", {}, rule.draws), h("td", {}, rule.applied),
    h("td", {}, button("remove", () => api(`/_admin/faults/${rule.id}`, { method: "DELETE" }),
      { "data-remove": rule.id })))));
};

// -- clock and lifecycle timings ----------------------------------------------------------------------------------

function setupClock() {
  const calls = {
    freeze: () => api("/_admin/clock/freeze", { method: "POST", body: {} }),
    unfreeze: () => api("/_admin/clock/unfreeze", { method: "POST", body: {} }),
    system: () => api("/_admin/clock/system", { method: "POST", body: {} }),
    advance: () => api("/_admin/clock/advance", { method: "POST",
      body: { seconds: Number($("#advance-seconds").value) } }),
    run: () => api("/_admin/lifecycle/run", { method: "POST", body: {} }),
  };
  for (const control of $$("[data-clock]")) {
    control.replaceWith(button(control.textContent, calls[control.dataset.clock], { "data-clock": control.dataset.clock }));
  }
  $("#lifecycle-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = {};
    for (const input of $$("input", event.target)) {
      if (input.type === "checkbox") changes[input.name] = input.checked;
      else changes[input.name] = /^-?\d+(\.\d+)?$/.test(input.value.trim()) ? Number(input.value) : input.value.trim();
    }
    try {
      await api("/_admin/lifecycle", { method: "PUT", body: changes });
      setStatus("lifecycle timings saved");
      lifecycleShown = false;
      await refresh();
    } catch (error) { report(error); }
  });
}

let lifecycleShown = false;

views.clock = async () => {
  const clock = await api("/_admin/clock");
  fill($("#clock-view"), Object.entries(clock).flatMap(([k, v]) => [h("dt", {}, k),
    h("dd", { "data-clock-field": k }, short(v))]));
  if (lifecycleShown) return;
  const settings = await api("/_admin/lifecycle");
  fill($("#lifecycle-form tbody"), Object.entries(settings).map(([name, value]) => h("tr", {}, h("th", {}, name),
    h("td", {}, typeof value === "boolean" ? h("input", { type: "checkbox", name, checked: value })
      : h("input", { name, value: short(value), size: 10 })))));
  lifecycleShown = true;
};

// -- metrics: requests/s and mean latency per operation, from successive /metrics scrapes ---------------------------

const metrics = [];
const charts = {};

function parseMetrics(text) {
  const requests = {};
  const sums = {};
  const counts = {};
  const channels = {};
  for (const line of text.split("\n")) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const [, name, labels, value] = match;
    if (name === "backoffice_orders") channels[/channel="([^"]*)"/.exec(labels)?.[1] ?? ""] = Number(value);
    const operation = /operation="([^"]*)"/.exec(labels)?.[1];
    if (!operation) continue;
    if (name === "backoffice_soap_requests_total") requests[operation] = (requests[operation] || 0) + Number(value);
    else if (name === "backoffice_soap_request_duration_seconds_sum") sums[operation] = Number(value);
    else if (name === "backoffice_soap_request_duration_seconds_count") counts[operation] = Number(value);
  }
  return { at: Date.now() / 1000, requests, sums, counts, channels };
}

async function sampleMetrics() {
  try {
    metrics.push(parseMetrics(await api("/metrics", { text: true })));
    if (metrics.length > HISTORY + 1) metrics.shift();
    if (active === "metrics") drawMetrics();
  } catch (error) {
    if (active === "metrics") report(error);
  }
}

function series() {
  const operations = [...new Set(metrics.flatMap((m) => Object.keys(m.requests)))].sort();
  const times = [];
  const rates = operations.map(() => []);
  const latency = operations.map(() => []);
  for (let i = 1; i < metrics.length; i += 1) {
    const [before, after] = [metrics[i - 1], metrics[i]];
    const seconds = Math.max(after.at - before.at, 0.001);
    times.push(after.at);
    operations.forEach((op, j) => {
      const calls = (after.requests[op] || 0) - (before.requests[op] || 0);
      const counted = (after.counts[op] || 0) - (before.counts[op] || 0);
      const spent = (after.sums[op] || 0) - (before.sums[op] || 0);
      rates[j].push(Math.max(calls, 0) / seconds);
      latency[j].push(counted > 0 ? (spent / counted) * 1000 : null);
    });
  }
  return { operations, times, rates, latency };
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

function chart(id, operations, data, unit) {
  const key = operations.join("|");
  const target = $(`#${id}`);
  if (!charts[id] || charts[id].key !== key) {
    charts[id]?.plot.destroy();
    const options = {
      width: Math.max(target.clientWidth, 600), height: 220,
      series: [{}, ...operations.map((op, i) => ({ label: op, stroke: PALETTE[i % PALETTE.length], width: 2,
        spanGaps: false }))],
      axes: [{}, { label: unit }],
      scales: { x: { time: true } },
    };
    charts[id] = { key, plot: new window.uPlot(options, data, target) };
  } else {
    charts[id].plot.setData(data);
  }
}

function drawMetrics() {
  const { operations, times, rates, latency } = series();
  chart("chart-rate", operations, [times, ...rates], "requests/s");
  chart("chart-latency", operations, [times, ...latency], "ms");
  const last = metrics[metrics.length - 1];
  fill($('[data-testid="metrics-table"] tbody'), operations.map((op) => h("tr", { "data-operation": op },
    h("td", {}, op), h("td", {}, last.requests[op] || 0),
    h("td", {}, last.counts[op] ? ((last.sums[op] / last.counts[op]) * 1000).toFixed(2) : ""))));
}

views.metrics = async () => { if (metrics.length) drawMetrics(); };

// -- start --------------------------------------------------------------------------------------------------------

async function start() {
  setupHeader();
  setupTabs();
  setupStock();
  setupFaults();
  setupClock();
  try {
    const health = await api("/_admin/health");
    $("#world").textContent = `seed ${health.world.seed}, ${health.world.products} products`;
  } catch (error) { report(error); }
  await refresh();
  setInterval(refresh, POLL_MS);
  sampleMetrics();
  setInterval(sampleMetrics, METRICS_MS);
}

start();
