// certflow web UI: a small page application on the REST API. Every value from the API is put into
// the page as text (never as HTML), the token lives in sessionStorage only.
"use strict";

const state = { token: sessionStorage.getItem("certflow-token"), session: null };
const main = document.getElementById("main");
const flash = document.getElementById("flash");

// --- helpers -------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function say(message, error) {
  flash.textContent = message || "";
  flash.className = error ? "error" : "";
}

function isAdmin() {
  return state.session && state.session.role === "admin";
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || "HTTP " + status);
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(method, path, body) {
  const response = await fetch("/api/v1" + path, {
    method,
    headers: Object.assign(
      { Authorization: "Bearer " + state.token },
      body === undefined ? {} : { "Content-Type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    signOut("The token was not accepted; sign in again.");
    throw new ApiError(401, null);
  }
  const text = await response.text();
  const data = text && (response.headers.get("Content-Type") || "").includes("json") ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, typeof data === "object" ? data : { detail: data });
  return data;
}

function date(value) {
  return value ? new Date(value).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—";
}

function statusBadge(cert) {
  const days = cert.days_left === null || cert.days_left === undefined ? "" : " · " + cert.days_left + " d";
  return h("span", { class: "badge " + cert.status }, cert.status + days);
}

// Every node counts, silent ones too: "2 nodes: 2 silent" rather than "0 of 0".
function served(cert) {
  const all = cert.deployed_to || [];
  if (!all.length) return "no nodes yet";
  const current = all.filter(d => d.state === "current" && !d.silent).length;
  const silent = all.filter(d => d.silent).length;
  return current + " of " + all.length + " current" + (silent ? ", " + silent + " silent" : "");
}

function count(n) {
  return Number(n).toLocaleString("en-US");
}

// Calls fn once typing has paused, so a search is one request, not one per keystroke.
function debounce(fn, ms) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

// Previous/next buttons over cursor pages; "cursors" holds where each page visited began.
function pager(onPage) {
  const cursors = [""];
  const info = h("span", { class: "muted", id: "page-info" });
  const prev = h("button", { type: "button", class: "secondary", id: "prev-page" }, "Previous");
  const next = h("button", { type: "button", class: "secondary", id: "next-page" }, "Next");
  let nextCursor = null;
  prev.addEventListener("click", () => { if (cursors.length > 1) { cursors.pop(); onPage(); } });
  next.addEventListener("click", () => { if (nextCursor) { cursors.push(nextCursor); onPage(); } });
  return {
    element: h("div", { class: "pager" }, prev, info, next),
    cursor: () => cursors[cursors.length - 1],
    reset: () => { cursors.length = 1; },
    show: (page) => {
      nextCursor = page.next_cursor || null;
      const first = (cursors.length - 1) * page.size;
      info.textContent = page.total === 0 ? "none" : (first + 1) + "–" + (first + page.items.length) + " of " + count(page.total);
      prev.disabled = cursors.length <= 1;
      next.disabled = !nextCursor;
    },
  };
}

function fieldErrors(form, error) {
  form.querySelectorAll(".field-error").forEach(e => e.remove());
  form.querySelectorAll("[aria-invalid]").forEach(e => e.removeAttribute("aria-invalid"));
  const errors = (error.problem && error.problem.errors) || [];
  const list = errors.length ? errors : [{ field: error.problem && error.problem.field, detail: error.message }];
  let unplaced = [];
  for (const e of list) {
    const input = e.field && form.querySelector("[name='" + e.field + "']");
    if (input) {
      const id = "err-" + e.field;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id);
      input.closest(".field").append(h("span", { class: "field-error", id }, e.detail));
    } else {
      unplaced.push((e.field ? e.field + ": " : "") + e.detail);
    }
  }
  say(unplaced.length ? unplaced.join("; ") : "Please correct the fields marked below.", true);
  const first = form.querySelector("[aria-invalid=true]");
  if (first) first.focus();
}

function field(label, input, hint) {
  const id = input.id || (input.id = "f-" + input.name);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint ? h("span", { class: "muted" }, hint) : null);
}

function checkbox(label, input) {
  input.id = input.id || "f-" + input.name;
  return h("div", { class: "field inline" }, input, h("label", { for: input.id }, label));
}

function fileInto(textarea) {
  return h("input", {
    type: "file", "aria-label": "Load " + textarea.name + " from a file", accept: ".pem,.crt,.cer,.key,.txt",
    onchange: async e => { if (e.target.files[0]) textarea.value = await e.target.files[0].text(); },
  });
}

// --- sign-in -------------------------------------------------------------------------------

function signOut(message) {
  sessionStorage.removeItem("certflow-token");
  state.token = null;
  state.session = null;
  document.getElementById("nav").hidden = true;
  renderSignIn(message);
}

function renderSignIn(message) {
  const token = h("input", { type: "password", name: "token", id: "token", autocomplete: "current-password", required: true });
  const form = h("form", { class: "card signin", onsubmit: async e => {
    e.preventDefault();
    state.token = token.value.trim();
    try {
      state.session = await api("GET", "/session");
      sessionStorage.setItem("certflow-token", state.token);
      say("");
      route();
    } catch (err) {
      if (err.status !== 401) say(err.message, true);
    }
  } },
    h("h1", {}, "Sign in"),
    field("API token (admin or viewer)", token),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in")));
  main.replaceChildren(form);
  if (message) say(message, true);
  token.focus();
}

// --- certificates ----------------------------------------------------------------------------

async function renderList() {
  const search = h("input", { type: "text", name: "search", id: "search", placeholder: "name prefix or domain" });
  const status = h("select", { name: "status", id: "status-filter" },
    ["", "valid", "expiring", "expired", "pending", "failed"].map(s => h("option", { value: s }, s || "any")));
  const sort = h("select", { name: "sort", id: "sort" },
    [["name", "name"], ["expiry", "expiry (soonest first)"]].map(([v, t]) => h("option", { value: v }, t)));
  const body = h("tbody", {});
  const pages = pager(() => load());
  // Only the page on screen comes from the server: search, filter, sort and count are its work.
  const load = async () => {
    const query = new URLSearchParams({ size: "50", sort: sort.value });
    if (search.value.trim()) query.set("q", search.value.trim());
    if (status.value) query.set("status", status.value);
    if (pages.cursor()) query.set("cursor", pages.cursor());
    const page = await api("GET", "/certificates?" + query);
    pages.show(page);
    body.replaceChildren(...page.items.map(c => h("tr", {},
      h("td", {}, h("a", { href: "#/certificates/" + encodeURIComponent(c.name) }, c.name)),
      h("td", {}, (c.domains || []).join(", ")),
      h("td", { class: "hide-narrow" }, c.issuer || "—"),
      h("td", {}, date(c.not_after), " ", statusBadge(c)),
      h("td", {}, c.acme ? "ACME" : "uploaded"),
      h("td", { class: "hide-narrow" }, c.is_default ? "default" : ""),
      h("td", {}, served(c)),
      h("td", { class: "error-text" }, c.last_error || ""))));
    if (!page.items.length) body.append(h("tr", {}, h("td", { colspan: 8, class: "muted" }, "No certificates.")));
  };
  const reload = () => { pages.reset(); load().catch(err => say(err.message, true)); };
  search.addEventListener("input", debounce(reload, 250));
  status.addEventListener("change", reload);
  sort.addEventListener("change", reload);
  main.replaceChildren(
    h("h1", {}, "Certificate Management"),
    h("div", { class: "toolbar" },
      field("Search", search), field("Status", status), field("Sort by", sort),
      isAdmin() ? h("a", { href: "#/add" }, h("button", { type: "button", tabindex: -1 }, "Add Certificate")) : null),
    pages.element,
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Name", "Domains", "Issuer", "Expires", "Method", "Default", "Nodes", "Last error"]
        .map((t, i) => h("th", { scope: "col", class: i === 2 || i === 5 ? "hide-narrow" : null }, t)))),
      body)));
  await load();
}

/** The CA choices: each known CA, and a certificate's own list of CAs (tried in order) as one. */
function caChoices(s, existing) {
  const chain = existing && existing.acme_cas && existing.acme_cas.length > 1 ? existing.acme_cas.join(",") : null;
  const options = s.acme_cas.map(ca => h("option", { value: ca, selected: !chain && (existing ? existing.acme_ca === ca : ca === s.default_ca) }, ca));
  if (chain) options.unshift(h("option", { value: chain, selected: true }, existing.acme_cas.join(" → ")));
  return options;
}

async function renderForm(name) {
  const existing = name ? await api("GET", "/certificates/" + encodeURIComponent(name)) : null;
  const s = state.session;
  const input = (attrs) => h("input", Object.assign({ type: "text" }, attrs));
  const f = {
    name: input({ name: "name", value: existing ? existing.name : "", required: true, readonly: !!existing }),
    domains: h("textarea", { name: "domains", rows: 3 }),
    acme: h("select", { name: "acme" }, caChoices(s, existing)),
    profile: h("select", { name: "profile" }),
    key_type: h("select", { name: "key_type" }, ["ec-p256", "ec-p384", "rsa-2048", "rsa-3072", "rsa-4096"].map(k =>
      h("option", { value: k, selected: existing && existing.key_type_requested === k }, k))),
    dns_challenge: h("input", { type: "checkbox", name: "dns_challenge", checked: existing && existing.dns_challenge }),
    dns_provider: h("select", { name: "dns_provider" }, s.dns_providers.map(p =>
      h("option", { value: p, selected: existing && existing.dns_provider === p }, p))),
    dns_service_url: input({ name: "dns_service_url", placeholder: existing && existing.dns_service_url ? "unchanged: " + existing.dns_service_url : "e.g. $ENV:DNS_CLOUDFLARE or https://api.cloudflare.com?token=…" }),
    tls_cert: h("textarea", { name: "tls_cert", placeholder: "-----BEGIN CERTIFICATE-----  (leaf first, then the chain)" }),
    tls_key: h("textarea", { name: "tls_key", placeholder: existing ? "unchanged unless given" : "-----BEGIN PRIVATE KEY-----" }),
    is_default: h("input", { type: "checkbox", name: "is_default", checked: existing && existing.is_default }),
    is_ca: h("input", { type: "checkbox", name: "is_ca", checked: existing && existing.is_ca }),
    buffer_days: h("input", { type: "number", name: "buffer_days", min: 1, max: 365, value: existing && existing.buffer_days !== null ? existing.buffer_days : "" }),
    remark: input({ name: "remark", value: existing && existing.remark ? existing.remark : "" }),
  };
  f.domains.value = existing ? (existing.domains || []).join("\n") : "";
  // The profiles the chosen (first) CA offers, from its directory; the CA's default otherwise.
  let cas = [];
  const fillProfiles = () => {
    const ca = cas.find(c => c.name === f.acme.value.split(",")[0]);
    const offered = ca && ca.profiles ? Object.keys(ca.profiles) : [];
    const wanted = existing && existing.profile ? existing.profile : "";
    f.profile.replaceChildren(h("option", { value: "" }, "CA's default"),
      ...offered.map(p => h("option", { value: p, selected: p === wanted }, p + (ca.profiles[p] ? " — " + ca.profiles[p] : ""))));
  };
  fillProfiles();
  f.acme.addEventListener("change", fillProfiles);
  // Read without holding up the form: a CA's directory may be slow to answer.
  api("GET", "/cas").then(list => { cas = list; fillProfiles(); }).catch(() => {});
  const methodAcme = h("input", { type: "radio", name: "method", id: "method-acme", value: "acme", checked: !existing || existing.acme });
  const methodUpload = h("input", { type: "radio", name: "method", id: "method-upload", value: "upload", checked: existing && !existing.acme });
  const dnsFields = h("div", { id: "dns-fields" }, field("DNS provider", f.dns_provider), field("DNS API URL", f.dns_service_url, "may be $ENV:DNS_…; resolved only in dns-gateway"));
  const acmeSet = h("fieldset", { id: "acme-fields" }, h("legend", {}, "Automatic (ACME)"),
    field("ACME service", f.acme), field("Profile", f.profile, "offered by the CA's directory"), field("Key type", f.key_type), checkbox("Enable DNS challenge", f.dns_challenge), dnsFields);
  const uploadSet = h("fieldset", { id: "upload-fields" }, h("legend", {}, "Upload"),
    field("Certificate with chain (tls_cert)", f.tls_cert), fileInto(f.tls_cert),
    field("Private key (tls_key)", f.tls_key), fileInto(f.tls_key));
  const sync = () => {
    acmeSet.hidden = !methodAcme.checked;
    uploadSet.hidden = !methodUpload.checked;
    dnsFields.hidden = !f.dns_challenge.checked;
  };
  [methodAcme, methodUpload, f.dns_challenge].forEach(e => e.addEventListener("change", sync));
  const form = h("form", { class: "card", novalidate: true, onsubmit: async e => {
    e.preventDefault();
    const body = {
      name: f.name.value.trim(), domains: f.domains.value.split(/[\s,]+/).filter(Boolean),
      is_default: f.is_default.checked, is_ca: f.is_ca.checked,
      buffer_days: f.buffer_days.value === "" ? null : Number(f.buffer_days.value),
      remark: f.remark.value || null,
    };
    if (methodAcme.checked) {
      Object.assign(body, { acme: f.acme.value.includes(",") ? f.acme.value.split(",") : f.acme.value,
        profile: f.profile.value, key_type: f.key_type.value, dns_challenge: f.dns_challenge.checked });
      if (f.dns_challenge.checked) {
        body.dns_provider = f.dns_provider.value;
        if (f.dns_service_url.value) body.dns_service_url = f.dns_service_url.value;
      }
    } else {
      body.acme = false;
      if (f.tls_cert.value) body.tls_cert = f.tls_cert.value;
      if (f.tls_key.value) body.tls_key = f.tls_key.value;
    }
    try {
      const saved = existing
        ? await api("PUT", "/certificates/" + encodeURIComponent(existing.name), body)
        : await api("POST", "/certificates", body);
      say((existing ? "Saved " : "Added ") + saved.name + (saved.warnings ? " (" + saved.warnings.join("; ") + ")" : ""));
      location.hash = "#/certificates/" + encodeURIComponent(saved.name);
    } catch (err) {
      fieldErrors(form, err);
    }
  } },
    h("h1", {}, existing ? "Edit " + existing.name : "Add Certificate"),
    field("Name", f.name),
    field("Domains (one per line)", f.domains, "for uploads, empty means the certificate's own names"),
    h("div", { class: "field", role: "radiogroup", "aria-label": "Method" },
      h("span", {}, "Method"),
      h("span", {}, methodAcme, h("label", { for: "method-acme" }, " Automatic (ACME) "), methodUpload, h("label", { for: "method-upload" }, " Upload"))),
    acmeSet, uploadSet,
    checkbox("Default certificate (served when no name matches)", f.is_default),
    h("details", {}, h("summary", {}, "Advanced"),
      checkbox("is_ca: mint leaf certificates for the domains from this CA", f.is_ca),
      h("p", { class: "warning" }, "Only for a private CA you control: every node then holds its key and can sign for these names."),
      field("Renew / alert this many days before expiry (buffer_days)", f.buffer_days),
      field("Remark", f.remark)),
    h("div", { class: "actions" }, h("button", { type: "submit" }, existing ? "Save" : "Add"),
      h("a", { href: existing ? "#/certificates/" + encodeURIComponent(existing.name) : "#/" }, "Cancel")));
  main.replaceChildren(form);
  sync();
  (existing ? f.domains : f.name).focus();
}

async function renderDetails(name) {
  const cert = await api("GET", "/certificates/" + encodeURIComponent(name));
  const versions = await api("GET", "/certificates/" + encodeURIComponent(name) + "/versions");
  const facts = [
    ["Status", statusBadge(cert)], ["Domains", (cert.domains || []).join(", ")],
    ["Method", cert.acme ? "ACME (" + (cert.acme_cas || [cert.acme_ca]).join(" → ") + (cert.profile ? ", profile " + cert.profile : "") + (cert.dns_challenge ? ", DNS-01 via " + cert.dns_provider : ", HTTP-01") + ")" : "uploaded"],
    ["Subject", cert.subject || "—"], ["Issuer", cert.issuer || "—"], ["Serial", cert.serial || "—"],
    ["Valid from", date(cert.not_before)], ["Valid until", date(cert.not_after)],
    ["Key", cert.key_type ? cert.key_type + " " + cert.key_size : "—"], ["SHA-256", cert.fingerprint_sha256 || "—"],
    ["Default", cert.is_default ? "yes" : "no"], ["CA (minting)", cert.is_ca ? "yes" : "no"],
    ["Served by", served(cert) + " nodes"], ["Last error", cert.last_error || "—"],
    ["Next attempt", date(cert.next_attempt_at)],
  ];
  if (cert.acme && cert.version) {
    facts.push(["Issued by CA", cert.issued_by_ca || "—"]);
    if (cert.renewal_window) facts.push(["Renewal window", date(cert.renewal_window.start) + " – " + date(cert.renewal_window.end)
      + (cert.renewal_window.source === "ari" ? " (the CA's renewal information)" : " (schedule)")]);
    if (cert.revocation) facts.push(["Revocation", cert.revocation.state + " (" + cert.revocation.reason + ")"
      + (cert.revocation.error ? ": " + cert.revocation.error : "")]);
  }
  if (cert.warnings) facts.push(["Warning", h("span", { class: "warning" }, cert.warnings.join("; "))]);
  const buttons = [];
  if (isAdmin()) {
    if (cert.acme) buttons.push(h("button", { type: "button", id: "renew", onclick: async () => {
      try { await api("POST", "/certificates/" + encodeURIComponent(name) + "/renew"); say("Renewal ordered for " + name); renderDetails(name); }
      catch (err) { say(err.message, true); }
    } }, "Renew now"));
    if (cert.acme && cert.version && !(cert.revocation && cert.revocation.state !== "failed")) {
      const reason = h("select", { id: "revoke-reason", "aria-label": "Revocation reason" },
        ["unspecified", "key_compromise", "superseded", "affiliation_changed", "cessation_of_operation"].map(r => h("option", { value: r }, r)));
      buttons.push(reason, h("button", { type: "button", class: "danger", id: "revoke", onclick: async () => {
        if (!confirm("Revoke version " + cert.version + " of " + name + " at its CA? A replacement is ordered at once.")) return;
        try { await api("POST", "/certificates/" + encodeURIComponent(name) + "/revoke", { reason: reason.value }); say("Revocation asked for " + name); renderDetails(name); }
        catch (err) { say(err.message, true); }
      } }, "Revoke"));
    }
    buttons.push(h("a", { href: "#/certificates/" + encodeURIComponent(name) + "/edit" }, h("button", { type: "button", class: "secondary", tabindex: -1 }, "Edit")));
    if (cert.has_key) buttons.push(h("button", { type: "button", class: "secondary", onclick: async () => {
      try {
        const pem = await api("GET", "/certificates/" + encodeURIComponent(name) + "/export");
        const link = h("a", { href: URL.createObjectURL(new Blob([pem], { type: "application/x-pem-file" })), download: name + ".pem" });
        link.click();
      } catch (err) { say(err.message, true); }
    } }, "Export"));
    buttons.push(h("button", { type: "button", class: "danger", id: "delete", onclick: async () => {
      if (!confirm("Delete " + name + "? Every node stops serving it.")) return;
      try { await api("DELETE", "/certificates/" + encodeURIComponent(name)); say("Deleted " + name); location.hash = "#/"; }
      catch (err) { say(err.message, true); }
    } }, "Delete"));
  }
  main.replaceChildren(
    h("h1", {}, cert.name),
    h("div", { class: "actions" }, buttons),
    h("div", { class: "card" }, h("dl", { class: "facts" }, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
    h("h2", {}, "Nodes"),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Agent", "Version", "Serial", "State"].map(t => h("th", { scope: "col" }, t)))),
      h("tbody", {}, (cert.deployed_to || []).map(d => h("tr", {},
        h("td", {}, d.agent_id), h("td", {}, d.version ?? "—"), h("td", {}, d.serial || "—"),
        h("td", {}, (d.silent ? "silent, " : "") + d.state + (d.rejected ? " (refused: " + d.rejected + ")" : ""))))))),
    h("h2", {}, "Versions"),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Version", "Source", "Serial", "Valid until", "Stored"].map(t => h("th", { scope: "col" }, t)))),
      h("tbody", {}, versions.map(v => h("tr", {},
        h("td", {}, v.version), h("td", {}, v.source), h("td", {}, v.serial), h("td", {}, date(v.not_after)), h("td", {}, date(v.created_at))))))));
}

// --- channels and agents --------------------------------------------------------------------

async function renderChannels() {
  const channels = await api("GET", "/channels");
  const f = {
    name: h("input", { type: "text", name: "name", required: true }),
    type: h("select", { name: "type" }, state.session.channel_types.map(t => h("option", { value: t }, t))),
    url: h("input", { type: "url", name: "url", placeholder: "https://…" }),
    categories: h("input", { type: "text", name: "categories", placeholder: "empty for all, e.g. expiring, expired, issuance_failed" }),
    secret: h("input", { type: "password", name: "secret", autocomplete: "off" }),
    enabled: h("input", { type: "checkbox", name: "enabled", checked: true }),
  };
  let editing = null;
  const title = h("h2", {}, "Add a channel");
  const form = h("form", { class: "card", novalidate: true, onsubmit: async e => {
    e.preventDefault();
    const body = { name: f.name.value.trim(), type: f.type.value, enabled: f.enabled.checked,
      categories: f.categories.value.split(/[\s,]+/).filter(Boolean) };
    if (f.url.value || !editing) body.url = f.url.value;
    if (f.secret.value || !editing) body.secret = f.secret.value || undefined;
    try {
      await (editing ? api("PUT", "/channels/" + encodeURIComponent(editing), body) : api("POST", "/channels", body));
      say((editing ? "Saved " : "Added ") + body.name);
      renderChannels();
    } catch (err) { fieldErrors(form, err); }
  } }, title, field("Name", f.name), field("Type", f.type), field("URL", f.url, "never shown again; leave empty to keep when editing"),
    field("Categories", f.categories), field("Secret (signing)", f.secret, "optional; never shown again"), checkbox("Enabled", f.enabled),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Save channel")));
  const rows = channels.map(c => h("tr", {},
    h("td", {}, c.name), h("td", {}, c.type), h("td", {}, c.warnings ? h("span", { class: "warning" }, c.warnings.join("; ")) : c.url), h("td", {}, c.categories.join(", ") || "all"),
    h("td", {}, c.enabled ? "enabled" : "disabled"),
    h("td", {}, h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: async () => {
        try { const r = await api("POST", "/channels/" + encodeURIComponent(c.name) + "/test"); say("Test message queued for " + c.name + " (alert " + r.alert_id + ")"); }
        catch (err) { say(err.message, true); }
      } }, "Send test"),
      h("button", { type: "button", class: "secondary", onclick: () => {
        editing = c.name; title.textContent = "Edit " + c.name;
        f.name.value = c.name; f.name.readOnly = true; f.type.value = c.type; f.url.value = ""; f.secret.value = "";
        f.categories.value = c.categories.join(", "); f.enabled.checked = c.enabled; f.type.focus();
      } }, "Edit"),
      h("button", { type: "button", class: "danger", onclick: async () => {
        if (!confirm("Delete channel " + c.name + "?")) return;
        try { await api("DELETE", "/channels/" + encodeURIComponent(c.name)); say("Deleted " + c.name); renderChannels(); }
        catch (err) { say(err.message, true); }
      } }, "Delete")))));
  const alerts = await api("GET", "/alerts?limit=20");
  main.replaceChildren(h("h1", {}, "Channels"),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Name", "Type", "URL", "Categories", "State", ""].map(t => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No channels."))))),
    form,
    h("h2", {}, "Recent alerts"),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["When", "Category", "Certificate", "Message", "Deliveries"].map(t => h("th", { scope: "col" }, t)))),
      h("tbody", {}, alerts.map(a => h("tr", {}, h("td", {}, date(a.occurred_at)), h("td", {}, a.category),
        h("td", {}, a.certificate || "—"), h("td", {}, a.message),
        h("td", {}, a.deliveries.map(d => d.channel + " #" + d.attempt + ": " + d.outcome).join("; ") || "—")))))));
}

// A summary per node; what a node is behind on is a paged list of its own.
async function renderAgents() {
  const agents = await api("GET", "/agents");
  const link = (a, state, n) => n ? h("a", { href: "#/agents/" + encodeURIComponent(a.agent_id) + "/" + state }, count(n)) : "0";
  const silent = agents.filter(a => a.silent).length;
  main.replaceChildren(h("h1", {}, "Agents"),
    h("p", { class: "muted", id: "agents-summary" }, agents.length + (agents.length === 1 ? " node" : " nodes")
      + (silent ? ": " + silent + " silent" : "")),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Agent", "TLS address", "State", "Last report", "Serves", "Current", "Behind", "Missing", "Refused"]
        .map(t => h("th", { scope: "col" }, t)))),
      h("tbody", {}, agents.map(a => h("tr", {}, h("td", {}, a.agent_id), h("td", {}, a.tls_address),
        h("td", {}, a.silent ? "silent" : a.ready ? "ready" : "starting"), h("td", {}, date(a.reported_at)),
        h("td", {}, count(a.served)), h("td", {}, link(a, "current", a.current)),
        h("td", {}, link(a, "behind", a.behind)), h("td", {}, link(a, "missing", a.missing)),
        h("td", {}, count(a.rejected_count))))))));
}

async function renderAgentCertificates(agent, state) {
  const body = h("tbody", {});
  const pages = pager(() => load());
  const load = async () => {
    const query = new URLSearchParams({ size: "50", state });
    if (pages.cursor()) query.set("cursor", pages.cursor());
    const page = await api("GET", "/agents/" + encodeURIComponent(agent) + "/certificates?" + query);
    pages.show(page);
    body.replaceChildren(...page.items.map(c => h("tr", {},
      h("td", {}, h("a", { href: "#/certificates/" + encodeURIComponent(c.name) }, c.name)),
      h("td", {}, c.version ?? "—"), h("td", {}, date(c.not_after)), h("td", {}, c.state))));
    if (!page.items.length) body.append(h("tr", {}, h("td", { colspan: 4, class: "muted" }, "None.")));
  };
  main.replaceChildren(h("h1", {}, agent + ": " + state),
    h("a", { href: "#/agents" }, "All agents"), pages.element,
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Certificate", "Current version", "Valid until", "On this node"].map(t => h("th", { scope: "col" }, t)))),
      body)));
  await load();
}

// --- routing -------------------------------------------------------------------------------

async function route() {
  if (!state.token) return renderSignIn();
  try {
    if (!state.session) state.session = await api("GET", "/session");
    const nav = document.getElementById("nav");
    nav.hidden = false;
    nav.querySelectorAll("[data-admin]").forEach(a => { a.hidden = !isAdmin(); });
    const path = decodeURIComponent(location.hash.replace(/^#/, "")) || "/";
    let m;
    if (path === "/") await renderList();
    else if (path === "/add" && isAdmin()) await renderForm(null);
    else if (path === "/channels" && isAdmin()) await renderChannels();
    else if (path === "/agents") await renderAgents();
    else if ((m = path.match(/^\/agents\/(.+)\/(current|behind|missing)$/))) await renderAgentCertificates(m[1], m[2]);
    else if ((m = path.match(/^\/certificates\/(.+)\/edit$/)) && isAdmin()) await renderForm(m[1]);
    else if ((m = path.match(/^\/certificates\/(.+)$/))) await renderDetails(m[1]);
    else main.replaceChildren(h("h1", {}, "Not found"), h("a", { href: "#/" }, "Certificates"));
    main.focus();
  } catch (err) {
    if (err.status !== 401) say(err.message, true);
  }
}

document.getElementById("sign-out").addEventListener("click", () => signOut("Signed out."));
window.addEventListener("hashchange", () => { route(); });
route();
