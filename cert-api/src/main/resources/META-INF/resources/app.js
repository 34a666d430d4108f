// certflow web UI: a small page application on the REST API, without a build step. Every value
// from the API is put into the page as text (never as HTML); the token lives in sessionStorage.
"use strict";

const state = {
  token: sessionStorage.getItem("certflow-token"),
  session: null,
  lang: localStorage.getItem("certflow-lang")
    || ((navigator.languages || [navigator.language || "en"]).some(l => /^zh\b/i.test(l)) ? "zh-CN" : "en"),
  seq: 0,            // which navigation is current: a page rendered for an older one is dropped
  carry: null,       // a message to show once the next page is on screen
};
const main = document.getElementById("main");
const flash = document.getElementById("flash");

// --- language --------------------------------------------------------------------------------

// Chinese beside English, keyed by the English text; {name} marks a value put in.
const ZH = {
  "Overview": "概览", "Certificates": "证书", "Fleet": "节点矩阵", "Agents": "节点", "Channels": "通知渠道",
  "Sign out": "退出", "Sign in": "登录", "Language": "语言", "Skip to content": "跳到正文",
  "API token (admin or viewer)": "API 令牌（管理员或只读）", "Signed out.": "已退出。",
  "The token was not accepted; sign in again.": "令牌无效，请重新登录。",
  "Certificate Management": "证书管理", "Add Certificate": "添加证书", "Search": "搜索", "Status": "状态",
  "Sort by": "排序", "name": "名称", "expiry (soonest first)": "到期时间（最早在前）", "status (attention first)": "状态（需处理的在前）",
  "any": "全部", "valid": "有效", "expiring": "即将到期", "expired": "已过期", "pending": "签发中", "failed": "失败",
  "name prefix or domain": "名称前缀或域名", "Name": "名称", "Domains": "域名", "Issuer": "签发者", "Expires": "到期",
  "Method": "方式", "Default": "默认", "Nodes": "节点", "Last error": "最近错误", "Days left": "剩余天数",
  "No certificates.": "没有证书。", "None.": "无。", "none": "无", "Previous": "上一页", "Next": "下一页",
  "{first}–{last} of {total}": "第 {first}–{last} 条，共 {total} 条", "ACME": "ACME", "uploaded": "上传",
  "default": "默认", "no nodes yet": "尚无节点", "{current} of {all} current": "{current}/{all} 已更新",
  ", {n} silent": "，{n} 个失联", "Select": "选择", "Select all on this page": "全选本页",
  "{n} selected": "已选 {n} 个", "Renew": "续期", "Export": "导出", "Delete": "删除",
  "Delete {n} certificates? Every node stops serving them.": "删除 {n} 个证书？所有节点将停止使用。",
  "Renewal ordered for {n}": "已为 {n} 个证书下单续期", "Deleted {n}": "已删除 {n} 个",
  "{n} failed: {detail}": "{n} 个失败：{detail}", "Only ACME certificates are renewed; {n} skipped.": "只续期 ACME 证书；已跳过 {n} 个。",
  "Exported {n} (chain and private key each)": "已导出 {n} 个（各含证书链与私钥）",
  "Certificates by state": "按状态统计", "All": "全部", "Next 30 days": "未来 30 天到期",
  "Nothing expires in the next 30 days.": "未来 30 天内没有证书到期。", "Not served by every node": "未在所有节点生效",
  "Every node serves every certificate.": "所有节点都已使用全部证书。", "Recent failures": "最近失败", "Recent alerts": "最近告警",
  "{n} behind": "{n} 个落后", "{n} missing": "{n} 个缺失", "silent since": "失联，最近上报于",
  "in {d} d": "{d} 天后", "today": "今天",
  "Edit": "编辑", "Renew now": "立即续期", "Revoke": "吊销", "Revocation reason": "吊销原因",
  "Revoke version {v} of {name} at its CA? A replacement is ordered at once.": "在 CA 处吊销 {name} 的第 {v} 版？将立即申请替换证书。",
  "Revocation asked for {name}": "已请求吊销 {name}", "Renewal ordered for {name}": "已为 {name} 下单续期",
  "Delete {name}? Every node stops serving it.": "删除 {name}？所有节点将停止使用。", "Deleted {name}": "已删除 {name}",
  "An order is running": "正在签发", "attempt {n}": "第 {n} 次尝试", "challenge {c}": "验证方式 {c}",
  "from {ca}": "CA：{ca}", "last error: {e}": "最近错误：{e}", "This page refreshes until it is done.": "本页将自动刷新直到完成。",
  "Domains (one per line)": "域名（每行一个）", "for uploads, empty means the certificate's own names": "上传时留空表示使用证书自身的名称",
  "Automatic (ACME)": "自动（ACME）", "Upload": "上传", "ACME service": "ACME 服务", "Profile": "证书配置",
  "offered by the CA's directory": "由 CA 目录提供", "CA's default": "CA 默认", "Key type": "密钥类型",
  "Enable DNS challenge": "使用 DNS 验证", "DNS provider": "DNS 服务商", "DNS API URL": "DNS API 地址",
  "may be $ENV:DNS_…; resolved only in dns-gateway": "可写 $ENV:DNS_…，仅在 dns-gateway 中解析",
  "Certificate with chain (tls_cert)": "证书及证书链（tls_cert）", "Private key (tls_key)": "私钥（tls_key）",
  "Default certificate (served when no name matches)": "默认证书（无匹配名称时使用）",
  "CA certificate: nodes mint leaves under it": "CA 证书：节点用它签发叶证书",
  "Only for a private CA you control: every node then holds its key and can sign for these names.": "仅用于自己掌控的私有 CA：每个节点都会持有其私钥并可为这些名称签发证书。",
  "Renew / alert this many days before expiry (buffer_days)": "到期前多少天续期/告警（buffer_days）", "Remark": "备注",
  "Save": "保存", "Add": "添加", "Cancel": "取消", "Edit {name}": "编辑 {name}", "Saved {name}": "已保存 {name}", "Added {name}": "已添加 {name}",
  "Please correct the fields marked below.": "请修改下方标出的字段。", "Load {field} from a file": "从文件载入 {field}",
  "Subject": "主题", "Serial": "序列号", "Valid from": "生效时间", "Valid until": "到期时间", "Key": "密钥",
  "CA (minting)": "CA（签发）", "Served by": "使用节点", "Next attempt": "下次尝试", "Warning": "警告",
  "Issued by CA": "签发 CA", "Renewal window": "续期窗口", "the CA's renewal information": "CA 的续期信息",
  "schedule": "计划", "Revocation": "吊销", "yes": "是", "no": "否", "{n} nodes": "{n} 个节点",
  "Version": "版本", "Source": "来源", "Stored": "存入时间", "Agent": "节点", "State": "状态",
  "current": "最新", "behind": "落后", "missing": "缺失", "silent": "失联", "refused: {r}": "拒绝：{r}",
  "Type": "类型", "URL": "地址", "Categories": "告警类别", "every category": "全部类别", "Enabled": "启用",
  "enabled": "已启用", "disabled": "已停用", "Secret (signing)": "签名密钥", "optional; never shown again": "可选；保存后不再显示",
  "never shown again; leave empty to keep when editing": "保存后不再显示；编辑时留空则保持不变",
  "Add a channel": "添加渠道", "Save channel": "保存渠道", "Send test": "发送测试", "No channels.": "没有渠道。",
  "Test message queued for {name}": "已为 {name} 排队发送测试消息", "Delete channel {name}?": "删除渠道 {name}？",
  "When": "时间", "Category": "类别", "Certificate": "证书", "Message": "消息", "Deliveries": "投递",
  "TLS address": "TLS 地址", "Last report": "最近上报", "Serves": "证书数", "Current": "最新", "Behind": "落后",
  "Missing": "缺失", "Refused": "拒绝", "ready": "就绪", "starting": "启动中", "All agents": "全部节点",
  "{n} node": "{n} 个节点", "On this node": "本节点", "Current version": "当前版本",
  "Not found": "未找到", "Could not load this page": "无法加载此页面", "Try again": "重试",
  "Certificates × nodes": "证书 × 节点", "what it is behind on": "落后的证书",
  "Each cell: what the node serves of the certificate's current version.": "每格表示该节点对证书当前版本的使用情况。",
};

function t(text, vars) {
  let out = (state.lang === "zh-CN" && ZH[text]) || text;
  for (const [key, value] of Object.entries(vars || {})) out = out.split("{" + key + "}").join(String(value));
  return out;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.getElementById("skip").textContent = t("Skip to content");
  document.getElementById("lang").value = state.lang;
}

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

/** A message for the page the next navigation shows. */
function carry(message) {
  state.carry = message;
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
    signOut(t("The token was not accepted; sign in again."));
    throw new ApiError(401, null);
  }
  const text = await response.text();
  const data = text && (response.headers.get("Content-Type") || "").includes("json") ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, typeof data === "object" ? data : { detail: data });
  return data;
}

// Times in the viewer's own time zone; UTC on hover (and for machines, in datetime).
function when(value, compact) {
  if (!value) return "—";
  const d = new Date(value);
  const options = compact
    ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
    : { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
  return h("time", { datetime: d.toISOString(), title: d.toISOString().replace("T", " ").slice(0, 19) + " UTC" },
    new Intl.DateTimeFormat(state.lang, options).format(d));
}

function statusBadge(cert) {
  const days = cert.days_left === null || cert.days_left === undefined ? "" : " · " + cert.days_left + " d";
  return h("span", { class: "badge " + cert.status }, t(cert.status) + days);
}

// Every node counts, silent ones too: "2 nodes: 2 silent" rather than "0 of 0".
function served(cert) {
  const all = cert.deployed_to || [];
  if (!all.length) return t("no nodes yet");
  const current = all.filter(d => d.state === "current" && !d.silent).length;
  const silent = all.filter(d => d.silent).length;
  return t("{current} of {all} current", { current, all: all.length }) + (silent ? t(", {n} silent", { n: silent }) : "");
}

function count(n) {
  return Number(n).toLocaleString(state.lang);
}

// Calls fn once typing has paused, so a search is one request, not one per keystroke.
function debounce(fn, ms) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

// Refreshes while something is in flight: after 2 s, then twice as long each time, up to 30 s,
// and only while the page it was made for is on screen.
function poller(view, refresh) {
  let wait = 2000;
  let timer = null;
  return {
    again() {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        if (!view.alive()) return;
        try { await refresh(); } catch (err) { if (view.alive()) say(err.message, true); }
      }, wait);
      wait = Math.min(wait * 2, 30000);
    },
    reset() { wait = 2000; },
  };
}

// Previous/next buttons over cursor pages; "cursors" holds where each page visited began.
function pager(onPage) {
  const cursors = [""];
  const info = h("span", { class: "muted", id: "page-info", "aria-live": "polite" });
  const prev = h("button", { type: "button", class: "secondary", id: "prev-page" }, t("Previous"));
  const next = h("button", { type: "button", class: "secondary", id: "next-page" }, t("Next"));
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
      info.textContent = page.total === 0 ? t("none")
        : t("{first}–{last} of {total}", { first: count(first + 1), last: count(first + page.items.length), total: count(page.total) });
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
  const unplaced = [];
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
  say(unplaced.length ? unplaced.join("; ") : t("Please correct the fields marked below."), true);
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
    type: "file", "aria-label": t("Load {field} from a file", { field: textarea.name }), accept: ".pem,.crt,.cer,.key,.txt",
    onchange: async e => { if (e.target.files[0]) textarea.value = await e.target.files[0].text(); },
  });
}

function table(headers, rows, attrs) {
  return h("div", { class: "table-wrap" }, h("table", attrs || {},
    h("thead", {}, h("tr", {}, headers.map(([text, cls]) => h("th", { scope: "col", class: cls || null }, text)))),
    rows instanceof Node ? rows : h("tbody", {}, rows)));
}

function download(name, text) {
  const link = h("a", { href: URL.createObjectURL(new Blob([text], { type: "application/x-pem-file" })), download: name });
  link.click();
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
    h("h1", {}, t("Sign in")),
    field(t("API token (admin or viewer)"), token),
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("Sign in"))));
  document.title = t("Sign in") + " — certflow";
  main.replaceChildren(form);
  if (message) say(message, true);
  token.focus();
}

// --- overview ------------------------------------------------------------------------------

const STATES = ["expired", "failed", "expiring", "pending", "valid"];

async function renderOverview(view) {
  // Every request at once: the page waits for the slowest, not for their sum.
  const [counts, soon, later, agents, failures, alerts] = await Promise.all([
    Promise.all(["", ...STATES].map(s => api("GET", "/certificates?size=1" + (s ? "&status=" + s : "")))),
    api("GET", "/certificates?size=100&sort=expiry&status=expiring"),
    api("GET", "/certificates?size=100&sort=expiry&status=valid"),
    api("GET", "/agents"),
    api("GET", "/certificates?size=10&status=failed"),
    api("GET", "/alerts?limit=10"),
  ]);
  const horizon = Date.now() + 30 * 86400000;
  const upcoming = [...soon.items, ...later.items].filter(c => c.not_after && Date.parse(c.not_after) <= horizon)
    .sort((a, b) => Date.parse(a.not_after) - Date.parse(b.not_after));
  const lagging = agents.filter(a => a.behind || a.missing || a.silent);
  const stat = (s, i) => h("a", { class: "stat " + (s || "all"), href: "#/certificates" + (s ? "?status=" + s : "") },
    h("strong", {}, count(counts[i].total)), t(s || "All"));
  const days = c => Math.max(0, Math.floor((Date.parse(c.not_after) - Date.now()) / 86400000));
  view.show(t("Overview"),
    h("h2", {}, t("Certificates by state")),
    h("div", { class: "cards", id: "state-counts" }, stat("", 0), STATES.map((s, i) => stat(s, i + 1))),
    h("h2", {}, t("Next 30 days")),
    upcoming.length
      ? h("ol", { class: "timeline card", id: "timeline" }, upcoming.map(c => h("li", {},
        when(c.not_after, true), h("a", { href: "#/certificates/" + encodeURIComponent(c.name) }, c.name),
        h("span", { class: "muted" }, days(c) ? t("in {d} d", { d: days(c) }) : t("today")), statusBadge(c))))
      : h("p", { class: "muted" }, t("Nothing expires in the next 30 days.")),
    h("h2", {}, t("Not served by every node")),
    lagging.length
      ? h("ul", { class: "card", id: "lagging" }, lagging.map(a => h("li", {}, h("strong", {}, a.agent_id), " ",
        a.silent ? [t("silent since"), " ", when(a.reported_at, true), " "] : "",
        a.behind ? h("a", { href: "#/agents/" + encodeURIComponent(a.agent_id) + "/behind" }, t("{n} behind", { n: count(a.behind) })) : "",
        a.behind && a.missing ? ", " : "",
        a.missing ? h("a", { href: "#/agents/" + encodeURIComponent(a.agent_id) + "/missing" }, t("{n} missing", { n: count(a.missing) })) : "")))
      : h("p", { class: "muted" }, t("Every node serves every certificate.")),
    h("h2", {}, t("Recent failures")),
    failures.items.length
      ? table([[t("Name")], [t("Last error")], [t("Next attempt")]], failures.items.map(c => h("tr", {},
        h("td", {}, h("a", { href: "#/certificates/" + encodeURIComponent(c.name) }, c.name)),
        h("td", { class: "error-text" }, c.last_error || ""), h("td", { class: "nowrap" }, when(c.next_attempt_at, true)))))
      : h("p", { class: "muted" }, t("None.")),
    h("h2", {}, t("Recent alerts")),
    alertTable(alerts));
}

function alertTable(alerts) {
  return table([[t("When")], [t("Category")], [t("Certificate")], [t("Message")], [t("Deliveries"), "hide-narrow"]],
    alerts.length ? alerts.map(a => h("tr", {}, h("td", { class: "nowrap" }, when(a.occurred_at, true)), h("td", {}, a.category),
      h("td", {}, a.certificate ? h("a", { href: "#/certificates/" + encodeURIComponent(a.certificate) }, a.certificate) : "—"),
      h("td", {}, a.message),
      h("td", { class: "hide-narrow" }, a.deliveries.map(d => d.channel + " #" + d.attempt + ": " + d.outcome).join("; ") || "—")))
      : h("tr", {}, h("td", { colspan: 5, class: "muted" }, t("None."))));
}

// --- certificates ----------------------------------------------------------------------------

async function renderList(view, params) {
  const search = h("input", { type: "text", name: "search", id: "search", placeholder: t("name prefix or domain"), value: params.get("q") || "" });
  const status = h("select", { name: "status", id: "status-filter" },
    ["", ...STATES].map(s => h("option", { value: s, selected: s === (params.get("status") || "") }, t(s || "any"))));
  const sort = h("select", { name: "sort", id: "sort" },
    [["name", t("name")], ["expiry", t("expiry (soonest first)")], ["status", t("status (attention first)")]]
      .map(([v, text]) => h("option", { value: v, selected: v === (params.get("sort") || "name") }, text)));
  const body = h("tbody", {});
  const pages = pager(() => load());
  const selected = new Map(); // name -> item, across pages
  const selection = h("span", { class: "muted", id: "selection", "aria-live": "polite" });
  const all = h("input", { type: "checkbox", id: "select-page", "aria-label": t("Select all on this page") });
  const showSelection = () => { selection.textContent = t("{n} selected", { n: selected.size }); bulk.hidden = !selected.size; };
  let items = [];
  const live = poller(view, () => load());
  const load = async () => {
    const query = new URLSearchParams({ size: "50", sort: sort.value });
    if (search.value.trim()) query.set("q", search.value.trim());
    if (status.value) query.set("status", status.value);
    if (pages.cursor()) query.set("cursor", pages.cursor());
    const page = await api("GET", "/certificates?" + query);
    if (!view.alive()) return;
    items = page.items;
    pages.show(page);
    body.replaceChildren(...items.map(c => h("tr", {},
      isAdmin() ? h("td", {}, h("input", { type: "checkbox", class: "pick", "aria-label": t("Select") + " " + c.name, checked: selected.has(c.name),
        onchange: e => { if (e.target.checked) selected.set(c.name, c); else selected.delete(c.name); showSelection(); } })) : null,
      h("td", {}, h("a", { href: "#/certificates/" + encodeURIComponent(c.name) }, c.name)),
      h("td", { class: "hide-narrow" }, (c.domains || []).join(", ")),
      h("td", { class: "hide-narrow" }, c.issuer || "—"),
      h("td", { "data-label": t("Expires") }, when(c.not_after, true), " ", statusBadge(c)),
      h("td", { class: "hide-narrow" }, c.acme ? t("ACME") : t("uploaded")),
      h("td", { class: "hide-narrow" }, c.is_default ? t("default") : ""),
      h("td", { "data-label": t("Nodes") }, served(c)),
      h("td", { class: "error-text" }, c.last_error || ""))));
    if (!items.length) body.append(h("tr", {}, h("td", { colspan: 9, class: "muted" }, t("No certificates."))));
    all.checked = items.length > 0 && items.every(c => selected.has(c.name));
    // Something in flight: look again, less often as time goes on.
    if (items.some(c => c.order_in_flight || c.status === "pending")) live.again(); else live.reset();
  };
  const reload = () => {
    pages.reset();
    const query = new URLSearchParams();
    if (search.value.trim()) query.set("q", search.value.trim());
    if (status.value) query.set("status", status.value);
    if (sort.value !== "name") query.set("sort", sort.value);
    history.replaceState(null, "", "#/certificates" + (query.toString() ? "?" + query : ""));
    load().catch(err => say(err.message, true));
  };
  all.addEventListener("change", () => {
    for (const c of items) { if (all.checked) selected.set(c.name, c); else selected.delete(c.name); }
    body.querySelectorAll("input.pick").forEach(box => { box.checked = all.checked; });
    showSelection();
  });
  const bulkAction = async (label, names, act) => {
    const failures = [];
    for (const name of names) {
      try { await act(name); } catch (err) { failures.push(name + ": " + err.message); }
    }
    say(t(label, { n: names.length - failures.length }) + (failures.length ? "; " + t("{n} failed: {detail}", { n: failures.length, detail: failures.join("; ") }) : ""),
      failures.length > 0);
  };
  const bulk = h("div", { class: "actions", id: "bulk", hidden: true }, selection,
    h("button", { type: "button", id: "bulk-renew", onclick: async () => {
      const acme = [...selected.values()].filter(c => c.acme).map(c => c.name);
      await bulkAction("Renewal ordered for {n}", acme, name => api("POST", "/certificates/" + encodeURIComponent(name) + "/renew"));
      if (acme.length < selected.size) say(flash.textContent + " " + t("Only ACME certificates are renewed; {n} skipped.", { n: selected.size - acme.length }), false);
      load().catch(err => say(err.message, true));
    } }, t("Renew")),
    h("button", { type: "button", class: "secondary", id: "bulk-export", onclick: async () => {
      const parts = [];
      for (const name of selected.keys()) {
        try { parts.push("# " + name + "\n" + await api("GET", "/certificates/" + encodeURIComponent(name) + "/export")); }
        catch (err) { say(name + ": " + err.message, true); return; }
      }
      download("certflow-export.pem", parts.join("\n"));
      say(t("Exported {n} (chain and private key each)", { n: parts.length }));
    } }, t("Export")),
    h("button", { type: "button", class: "danger", id: "bulk-delete", onclick: async () => {
      if (!confirm(t("Delete {n} certificates? Every node stops serving them.", { n: selected.size }))) return;
      const names = [...selected.keys()];
      await bulkAction("Deleted {n}", names, name => api("DELETE", "/certificates/" + encodeURIComponent(name)));
      selected.clear(); showSelection();
      pages.reset(); load().catch(err => say(err.message, true));
    } }, t("Delete")));
  search.addEventListener("input", debounce(reload, 250));
  status.addEventListener("change", reload);
  sort.addEventListener("change", reload);
  await load();
  view.show(t("Certificate Management"),
    h("div", { class: "toolbar" },
      field(t("Search"), search), field(t("Status"), status), field(t("Sort by"), sort),
      isAdmin() ? h("a", { href: "#/add", class: "button" }, t("Add Certificate")) : null),
    bulk,
    pages.element,
    table([...(isAdmin() ? [[all]] : []), [t("Name")], [t("Domains"), "hide-narrow"], [t("Issuer"), "hide-narrow"], [t("Expires")],
      [t("Method"), "hide-narrow"], [t("Default"), "hide-narrow"], [t("Nodes")], [t("Last error")]], body, { class: "cardlist" }));
}

/** The CA choices: each known CA, and a certificate's own list of CAs (tried in order) as one. */
function caChoices(s, existing) {
  const chain = existing && existing.acme_cas && existing.acme_cas.length > 1 ? existing.acme_cas.join(",") : null;
  const options = s.acme_cas.map(ca => h("option", { value: ca, selected: !chain && (existing ? existing.acme_ca === ca : ca === s.default_ca) }, ca));
  if (chain) options.unshift(h("option", { value: chain, selected: true }, existing.acme_cas.join(" → ")));
  return options;
}

async function renderForm(view, name) {
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
    const wanted = f.profile.value || (existing && existing.profile) || "";
    f.profile.replaceChildren(h("option", { value: "" }, t("CA's default")),
      ...offered.map(p => h("option", { value: p, selected: p === wanted }, p + (ca.profiles[p] ? " — " + ca.profiles[p] : ""))));
  };
  fillProfiles();
  f.acme.addEventListener("change", fillProfiles);
  // Read without holding up the form: a CA's directory may be slow to answer.
  api("GET", "/cas").then(list => { cas = list; fillProfiles(); }).catch(() => {});
  const methodAcme = h("input", { type: "radio", name: "method", id: "method-acme", value: "acme", checked: !existing || existing.acme });
  const methodUpload = h("input", { type: "radio", name: "method", id: "method-upload", value: "upload", checked: existing && !existing.acme });
  const dnsFields = h("div", { id: "dns-fields" }, field(t("DNS provider"), f.dns_provider), field(t("DNS API URL"), f.dns_service_url, t("may be $ENV:DNS_…; resolved only in dns-gateway")));
  const acmeSet = h("fieldset", { id: "acme-fields" }, h("legend", {}, t("Automatic (ACME)")),
    field(t("ACME service"), f.acme), field(t("Profile"), f.profile, t("offered by the CA's directory")), field(t("Key type"), f.key_type),
    checkbox(t("Enable DNS challenge"), f.dns_challenge), dnsFields);
  const uploadSet = h("fieldset", { id: "upload-fields" }, h("legend", {}, t("Upload")),
    field(t("Certificate with chain (tls_cert)"), f.tls_cert), fileInto(f.tls_cert),
    field(t("Private key (tls_key)"), f.tls_key), fileInto(f.tls_key));
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
      carry(t(existing ? "Saved {name}" : "Added {name}", { name: saved.name }) + (saved.warnings ? " (" + saved.warnings.join("; ") + ")" : ""));
      location.hash = "#/certificates/" + encodeURIComponent(saved.name);
    } catch (err) {
      fieldErrors(form, err);
    }
  } },
    field(t("Name"), f.name),
    field(t("Domains (one per line)"), f.domains, t("for uploads, empty means the certificate's own names")),
    h("fieldset", {}, h("legend", {}, t("Method")),
      h("span", {}, methodAcme, h("label", { for: "method-acme" }, " " + t("Automatic (ACME)") + " "), methodUpload, h("label", { for: "method-upload" }, " " + t("Upload")))),
    acmeSet, uploadSet,
    h("fieldset", {}, h("legend", {}, t("Default")),
      checkbox(t("Default certificate (served when no name matches)"), f.is_default),
      checkbox(t("CA certificate: nodes mint leaves under it"), f.is_ca),
      h("p", { class: "warning" }, t("Only for a private CA you control: every node then holds its key and can sign for these names.")),
      field(t("Renew / alert this many days before expiry (buffer_days)"), f.buffer_days),
      field(t("Remark"), f.remark)),
    h("div", { class: "actions" }, h("button", { type: "submit" }, existing ? t("Save") : t("Add")),
      h("a", { href: existing ? "#/certificates/" + encodeURIComponent(existing.name) : "#/certificates" }, t("Cancel"))));
  view.show(existing ? t("Edit {name}", { name: existing.name }) : t("Add Certificate"), form);
  sync();
}

function orderProgress(cert) {
  const parts = [
    cert.attempts ? t("attempt {n}", { n: cert.attempts + 1 }) : null,
    t("challenge {c}", { c: cert.dns_challenge ? "DNS-01 (" + cert.dns_provider + ")" : "HTTP-01" }),
    t("from {ca}", { ca: (cert.acme_cas || [cert.acme_ca]).join(" → ") }),
    cert.last_error ? t("last error: {e}", { e: cert.last_error }) : null,
  ].filter(Boolean);
  return h("div", { class: "progress", id: "progress", role: "status" },
    h("strong", {}, t("An order is running")), ": ", parts.join(" · "), " ", h("span", { class: "muted" }, t("This page refreshes until it is done.")));
}

async function renderDetails(view, name) {
  const cert = await api("GET", "/certificates/" + encodeURIComponent(name));
  const versions = await api("GET", "/certificates/" + encodeURIComponent(name) + "/versions");
  const running = cert.order_in_flight || cert.status === "pending";
  const facts = [
    [t("Status"), statusBadge(cert)], [t("Domains"), (cert.domains || []).join(", ")],
    [t("Method"), cert.acme ? "ACME (" + (cert.acme_cas || [cert.acme_ca]).join(" → ") + (cert.profile ? ", " + t("Profile") + " " + cert.profile : "") + (cert.dns_challenge ? ", DNS-01 via " + cert.dns_provider : ", HTTP-01") + ")" : t("uploaded")],
    [t("Subject"), cert.subject || "—"], [t("Issuer"), cert.issuer || "—"], [t("Serial"), cert.serial || "—"],
    [t("Valid from"), when(cert.not_before)], [t("Valid until"), when(cert.not_after)],
    [t("Key"), cert.key_type ? cert.key_type + " " + cert.key_size : "—"], ["SHA-256", cert.fingerprint_sha256 || "—"],
    [t("Default"), cert.is_default ? t("yes") : t("no")], [t("CA (minting)"), cert.is_ca ? t("yes") : t("no")],
    [t("Served by"), served(cert)], [t("Last error"), cert.last_error || "—"],
    [t("Next attempt"), when(cert.next_attempt_at)],
  ];
  if (cert.acme && cert.version) {
    facts.push([t("Issued by CA"), cert.issued_by_ca || "—"]);
    if (cert.renewal_window) facts.push([t("Renewal window"), h("span", {}, when(cert.renewal_window.start), " – ", when(cert.renewal_window.end),
      " (" + (cert.renewal_window.source === "ari" ? t("the CA's renewal information") : t("schedule")) + ")")]);
    if (cert.revocation) facts.push([t("Revocation"), cert.revocation.state + " (" + cert.revocation.reason + ")"
      + (cert.revocation.error ? ": " + cert.revocation.error : "")]);
  }
  if (cert.warnings) facts.push([t("Warning"), h("span", { class: "warning" }, cert.warnings.join("; "))]);
  const buttons = [];
  if (isAdmin()) {
    if (cert.acme) buttons.push(h("button", { type: "button", id: "renew", disabled: cert.order_in_flight, onclick: async () => {
      try { await api("POST", "/certificates/" + encodeURIComponent(name) + "/renew"); say(t("Renewal ordered for {name}", { name })); await renderDetails(view, name); }
      catch (err) { say(err.message, true); }
    } }, t("Renew now")));
    buttons.push(h("a", { href: "#/certificates/" + encodeURIComponent(name) + "/edit", class: "button secondary" }, t("Edit")));
    if (cert.has_key) buttons.push(h("button", { type: "button", class: "secondary", onclick: async () => {
      try { download(name + ".pem", await api("GET", "/certificates/" + encodeURIComponent(name) + "/export")); }
      catch (err) { say(err.message, true); }
    } }, t("Export")));
    if (cert.acme && cert.version && !(cert.revocation && cert.revocation.state !== "failed")) {
      const reason = h("select", { id: "revoke-reason", "aria-label": t("Revocation reason") },
        ["unspecified", "key_compromise", "superseded", "affiliation_changed", "cessation_of_operation"].map(r => h("option", { value: r }, r)));
      buttons.push(reason, h("button", { type: "button", class: "danger", id: "revoke", onclick: async () => {
        if (!confirm(t("Revoke version {v} of {name} at its CA? A replacement is ordered at once.", { v: cert.version, name }))) return;
        try { await api("POST", "/certificates/" + encodeURIComponent(name) + "/revoke", { reason: reason.value }); say(t("Revocation asked for {name}", { name })); await renderDetails(view, name); }
        catch (err) { say(err.message, true); }
      } }, t("Revoke")));
    }
    buttons.push(h("button", { type: "button", class: "danger", id: "delete", onclick: async () => {
      if (!confirm(t("Delete {name}? Every node stops serving it.", { name }))) return;
      try { await api("DELETE", "/certificates/" + encodeURIComponent(name)); carry(t("Deleted {name}", { name })); location.hash = "#/certificates"; }
      catch (err) { say(err.message, true); }
    } }, t("Delete")));
  }
  const shown = view.show(cert.name,
    running ? orderProgress(cert) : null,
    h("div", { class: "actions" }, buttons),
    h("div", { class: "card" }, h("dl", { class: "facts" }, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
    h("h2", {}, t("Nodes")),
    table([[t("Agent")], [t("Version")], [t("Serial"), "hide-narrow"], [t("State")]], (cert.deployed_to || []).map(d => h("tr", {},
      h("td", {}, d.agent_id), h("td", {}, d.version ?? "—"), h("td", { class: "hide-narrow" }, d.serial || "—"),
      h("td", {}, (d.silent ? t("silent") + ", " : "") + t(d.state) + (d.rejected ? " (" + t("refused: {r}", { r: d.rejected }) + ")" : ""))))),
    h("h2", {}, t("Versions")),
    table([[t("Version")], [t("Source")], [t("Serial"), "hide-narrow"], [t("Valid until")], [t("Stored"), "hide-narrow"]], versions.map(v => h("tr", {},
      h("td", {}, v.version), h("td", {}, v.source + (v.revocation_state ? " (" + v.revocation_state + ")" : "")), h("td", { class: "hide-narrow" }, v.serial),
      h("td", { class: "nowrap" }, when(v.not_after, true)), h("td", { class: "nowrap hide-narrow" }, when(v.created_at, true))))), { keepFocus: !!view.refreshing });
  // While an order runs the page follows it: attempts, last error, and the result.
  if (shown && running) {
    view.live = view.live || poller(view, async () => { view.refreshing = true; await renderDetails(view, name); });
    view.live.again();
  }
}

// --- fleet, agents and channels -------------------------------------------------------------

// Certificates × nodes, a page of certificates at a time: what each node serves of each.
async function renderFleet(view) {
  const agents = await api("GET", "/agents");
  const body = h("tbody", {});
  const pages = pager(() => load());
  const cell = (cert, agentId) => {
    const d = (cert.deployed_to || []).find(x => x.agent_id === agentId);
    const label = !d ? "missing" : d.silent ? "silent" : d.state;
    return h("td", {}, h("span", { class: "cell " + label, title: d && d.serial ? d.serial : "" }, t(label)));
  };
  const load = async () => {
    const query = new URLSearchParams({ size: "25", sort: "status" });
    if (pages.cursor()) query.set("cursor", pages.cursor());
    const page = await api("GET", "/certificates?" + query);
    if (!view.alive()) return;
    pages.show(page);
    body.replaceChildren(...page.items.map(c => h("tr", {},
      h("th", { scope: "row" }, h("a", { href: "#/certificates/" + encodeURIComponent(c.name) }, c.name), " ", statusBadge(c)),
      agents.map(a => cell(c, a.agent_id)))));
    if (!page.items.length) body.append(h("tr", {}, h("td", { colspan: agents.length + 1, class: "muted" }, t("No certificates."))));
  };
  await load();
  const behindOn = h("tr", {}, h("th", { scope: "row" }, t("what it is behind on")), agents.map(a => h("td", {},
    a.behind ? h("a", { href: "#/agents/" + encodeURIComponent(a.agent_id) + "/behind" }, t("{n} behind", { n: count(a.behind) })) : "",
    a.behind && a.missing ? " " : "",
    a.missing ? h("a", { href: "#/agents/" + encodeURIComponent(a.agent_id) + "/missing" }, t("{n} missing", { n: count(a.missing) })) : "",
    !a.behind && !a.missing ? "—" : "")));
  view.show(t("Certificates × nodes"),
    h("p", { class: "muted" }, t("Each cell: what the node serves of the certificate's current version.")),
    pages.element,
    table([[t("Certificate")], ...agents.map(a => [a.agent_id + (a.silent ? " (" + t("silent") + ")" : "")])],
      h("tbody", {}, behindOn), { id: "fleet" }),
    table([[t("Certificate")], ...agents.map(a => [a.agent_id])], body, { id: "fleet-cells" }));
}

async function renderChannels(view) {
  const channels = await api("GET", "/channels");
  const categories = state.session.alert_categories || [];
  const boxes = categories.map(c => h("input", { type: "checkbox", name: "categories", value: c, id: "cat-" + c }));
  const f = {
    name: h("input", { type: "text", name: "name", required: true }),
    type: h("select", { name: "type" }, state.session.channel_types.map(x => h("option", { value: x }, x))),
    url: h("input", { type: "url", name: "url", placeholder: "https://…" }),
    secret: h("input", { type: "password", name: "secret", autocomplete: "off" }),
    enabled: h("input", { type: "checkbox", name: "enabled", checked: true }),
  };
  let editing = null;
  const title = h("h2", {}, t("Add a channel"));
  const form = h("form", { class: "card", novalidate: true, onsubmit: async e => {
    e.preventDefault();
    const body = { name: f.name.value.trim(), type: f.type.value, enabled: f.enabled.checked,
      categories: boxes.filter(b => b.checked).map(b => b.value) };
    if (f.url.value || !editing) body.url = f.url.value;
    if (f.secret.value || !editing) body.secret = f.secret.value || undefined;
    try {
      await (editing ? api("PUT", "/channels/" + encodeURIComponent(editing), body) : api("POST", "/channels", body));
      say(t(editing ? "Saved {name}" : "Added {name}", { name: body.name }));
      await renderChannels(view);
    } catch (err) { fieldErrors(form, err); }
  } }, title, field(t("Name"), f.name), field(t("Type"), f.type), field(t("URL"), f.url, t("never shown again; leave empty to keep when editing")),
    h("fieldset", { class: "field" }, h("legend", {}, t("Categories") + " (" + t("every category") + " — " + t("none") + ")"),
      h("div", { class: "checks" }, boxes.map(b => h("label", { for: b.id }, b, b.value)))),
    field(t("Secret (signing)"), f.secret, t("optional; never shown again")), checkbox(t("Enabled"), f.enabled),
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("Save channel"))));
  const rows = channels.map(c => h("tr", {},
    h("td", {}, c.name), h("td", {}, c.type), h("td", {}, c.warnings ? h("span", { class: "warning" }, c.warnings.join("; ")) : c.url),
    h("td", {}, c.categories.join(", ") || t("every category")),
    h("td", {}, c.enabled ? t("enabled") : t("disabled")),
    h("td", {}, h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: async () => {
        try { await api("POST", "/channels/" + encodeURIComponent(c.name) + "/test"); say(t("Test message queued for {name}", { name: c.name })); }
        catch (err) { say(err.message, true); }
      } }, t("Send test")),
      h("button", { type: "button", class: "secondary", onclick: () => {
        editing = c.name; title.textContent = t("Edit {name}", { name: c.name });
        f.name.value = c.name; f.name.readOnly = true; f.type.value = c.type; f.url.value = ""; f.secret.value = "";
        boxes.forEach(b => { b.checked = c.categories.includes(b.value); }); f.enabled.checked = c.enabled; f.type.focus();
      } }, t("Edit")),
      h("button", { type: "button", class: "danger", onclick: async () => {
        if (!confirm(t("Delete channel {name}?", { name: c.name }))) return;
        try { await api("DELETE", "/channels/" + encodeURIComponent(c.name)); say(t("Deleted {name}", { name: c.name })); await renderChannels(view); }
        catch (err) { say(err.message, true); }
      } }, t("Delete"))))));
  const alerts = await api("GET", "/alerts?limit=20");
  view.show(t("Channels"),
    table([[t("Name")], [t("Type")], [t("URL")], [t("Categories")], [t("State")], [""]],
      rows.length ? rows : h("tr", {}, h("td", { colspan: 6, class: "muted" }, t("No channels.")))),
    form,
    h("h2", {}, t("Recent alerts")),
    alertTable(alerts));
}

// A summary per node; what a node is behind on is a paged list of its own.
async function renderAgents(view) {
  const agents = await api("GET", "/agents");
  const link = (a, s, n) => n ? h("a", { href: "#/agents/" + encodeURIComponent(a.agent_id) + "/" + s }, count(n)) : "0";
  const silent = agents.filter(a => a.silent).length;
  view.show(t("Agents"),
    h("p", { class: "muted", id: "agents-summary" }, t(agents.length === 1 ? "{n} node" : "{n} nodes", { n: agents.length })
      + (silent ? ": " + silent + " " + t("silent") : "")),
    table([[t("Agent")], [t("TLS address"), "hide-narrow"], [t("State")], [t("Last report")], [t("Serves")], [t("Current")], [t("Behind")], [t("Missing")], [t("Refused")]],
      agents.map(a => h("tr", {}, h("td", {}, a.agent_id), h("td", { class: "hide-narrow" }, a.tls_address),
        h("td", {}, a.silent ? h("span", { class: "badge failed" }, t("silent")) : a.ready ? t("ready") : t("starting")),
        h("td", { class: "nowrap" }, when(a.reported_at, true)),
        h("td", {}, count(a.served)), h("td", {}, link(a, "current", a.current)),
        h("td", {}, link(a, "behind", a.behind), a.behind ? [" ", h("span", { class: "badge expiring" }, t("behind"))] : null),
        h("td", {}, link(a, "missing", a.missing), a.missing ? [" ", h("span", { class: "badge expired" }, t("missing"))] : null),
        h("td", {}, count(a.rejected_count))))));
}

async function renderAgentCertificates(view, agent, which) {
  const body = h("tbody", {});
  const pages = pager(() => load());
  const load = async () => {
    const query = new URLSearchParams({ size: "50", state: which });
    if (pages.cursor()) query.set("cursor", pages.cursor());
    const page = await api("GET", "/agents/" + encodeURIComponent(agent) + "/certificates?" + query);
    if (!view.alive()) return;
    pages.show(page);
    body.replaceChildren(...page.items.map(c => h("tr", {},
      h("td", {}, h("a", { href: "#/certificates/" + encodeURIComponent(c.name) }, c.name)),
      h("td", {}, c.version ?? "—"), h("td", { class: "nowrap" }, when(c.not_after, true)), h("td", {}, t(c.state)))));
    if (!page.items.length) body.append(h("tr", {}, h("td", { colspan: 4, class: "muted" }, t("None."))));
  };
  await load();
  view.show(agent + ": " + t(which),
    h("a", { href: "#/agents" }, t("All agents")), pages.element,
    table([[t("Certificate")], [t("Current version")], [t("Valid until")], [t("On this node")]], body));
}

// --- routing -------------------------------------------------------------------------------

/**
 * One navigation: shows its page only while it is the newest, titles it, and moves focus to its
 * heading without scrolling (the header and the status line stay in view).
 */
function newView(navigated) {
  const seq = ++state.seq;
  const view = {
    alive: () => seq === state.seq,
    show(title, ...nodes) {
      if (!view.alive()) return false;
      const last = nodes[nodes.length - 1];
      const keepFocus = last && last.keepFocus !== undefined ? nodes.pop().keepFocus : false;
      const focused = document.activeElement && main.contains(document.activeElement) ? document.activeElement.id : null;
      document.title = title + " — certflow";
      const heading = h("h1", { tabindex: -1 }, title);
      main.replaceChildren(heading, ...nodes);
      if (keepFocus) {
        const again = focused && document.getElementById(focused);
        if (again) again.focus({ preventScroll: true });
      } else if (navigated) {
        heading.focus({ preventScroll: true });
      }
      return true;
    },
  };
  return view;
}

async function route(event) {
  if (!state.token) return renderSignIn();
  const view = newView(!!event);
  say(state.carry || "");
  state.carry = null;
  try {
    if (!state.session) state.session = await api("GET", "/session");
    const nav = document.getElementById("nav");
    nav.hidden = false;
    nav.querySelectorAll("[data-admin]").forEach(a => { a.hidden = !isAdmin(); });
    const [rawPath, rawQuery] = location.hash.replace(/^#/, "").split("?");
    const path = decodeURIComponent(rawPath || "") || "/";
    const params = new URLSearchParams(rawQuery || "");
    nav.querySelectorAll("a").forEach(a => {
      const target = a.getAttribute("href").slice(1);
      if (target === path || (target !== "/" && path.startsWith(target))) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    let m;
    if (path === "/") await renderOverview(view);
    else if (path === "/certificates") await renderList(view, params);
    else if (path === "/add" && isAdmin()) await renderForm(view, null);
    else if (path === "/channels" && isAdmin()) await renderChannels(view);
    else if (path === "/agents") await renderAgents(view);
    else if (path === "/fleet") await renderFleet(view);
    else if ((m = path.match(/^\/agents\/(.+)\/(current|behind|missing)$/))) await renderAgentCertificates(view, m[1], m[2]);
    else if ((m = path.match(/^\/certificates\/(.+)\/edit$/)) && isAdmin()) await renderForm(view, m[1]);
    else if ((m = path.match(/^\/certificates\/(.+)$/))) await renderDetails(view, m[1]);
    else view.show(t("Not found"), h("a", { href: "#/" }, t("Overview")));
  } catch (err) {
    if (err.status === 401) return;
    // The failure takes the place of the page it was loading; the next navigation clears it.
    view.show(t("Could not load this page"),
      h("div", { class: "failure", role: "alert", id: "page-error" }, err.message),
      h("div", { class: "actions" }, h("button", { type: "button", onclick: () => route({}) }, t("Try again"))));
  }
}

document.getElementById("sign-out").addEventListener("click", () => signOut(t("Signed out.")));
document.getElementById("lang").addEventListener("change", e => {
  state.lang = e.target.value;
  localStorage.setItem("certflow-lang", state.lang);
  applyLanguage();
  if (state.token) route(); else renderSignIn();
});
window.addEventListener("hashchange", e => { route(e); });
applyLanguage();
route();
