// 碳盤查小幫手客服後台。呼叫 /api/staff/*；登入後的 token 只放在 sessionStorage，
// 以 Authorization: Bearer 標頭送出（不用 cookie，所以其他網站無法冒用登入狀態）。
// 使用者與同仁輸入的文字一律用 textContent 顯示，不用 innerHTML。
// 後台自己的文字都在 gateway/static_texts.yml 的 console：頁面內嵌（#console-texts），沒有時向 /api/texts/console 取得。
(function () {
  "use strict";

  var TOKEN_KEY = "tanpancha.staff.token";
  var USER_KEY = "tanpancha.staff.user";
  var T = null; // the console's texts, by key (placeholders in {braces}, filled by fill)

  /** The texts the page carries (GET /staff puts them in), or null (e.g. the page opened as a static file). */
  function inlineTexts() {
    var holder = document.getElementById("console-texts");
    try { return holder ? JSON.parse(holder.textContent) : null; } catch (e) { return null; }
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key] == null ? "" : String(values[key]); });
  }
  function statusLabel(t) {  // closed_by "user": withdrawn before anyone joined
    return t.status === "closed" && t.closed_by === "user" ? T.cancelledByUser : (T.status[t.status] || t.status);
  }
  function channelLabel(code) { return T.channel[code] || code; }
  var COLORS = ["#1f6b47", "#2f6fb0", "#c2571a", "#7a4fa0", "#8a8a1f", "#b03060"];
  var SVG_NS = "http://www.w3.org/2000/svg";

  var state = { user: null, view: null, ticket: null, lastMessageId: 0, timers: [], faq: [] };

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function when(iso) {
    if (!iso) { return ""; }
    return new Date(iso).toLocaleString("zh-TW", { timeZone: "Asia/Taipei", hour12: false });
  }
  function flash(text, isError) {
    var box = $("flash");
    box.textContent = text || "";
    box.className = "flash" + (isError ? " flash-error" : "");
  }

  // -- API --------------------------------------------------------------------------------------------------
  function token() { try { return window.sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }

  function api(method, path, body) {
    var headers = { "Accept": "application/json" };
    var t = token();
    if (t) { headers.Authorization = "Bearer " + t; }
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        if (response.status === 204) { return null; }
        return response.json().catch(function () { return null; }).then(function (data) {
          if (response.status === 401 && path !== "/api/staff/login") {
            signOut(T.sessionExpired);
          }
          if (!response.ok) {
            var error = new Error(data && data.error ? data.error : fill(T.requestFailed, { status: response.status }));
            error.status = response.status;
            error.data = data;
            throw error;
          }
          return data;
        });
      }, function () {
        throw new Error(T.offline);
      });
  }

  // -- login ------------------------------------------------------------------------------------------------
  function signIn(data) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, data.token);
      window.sessionStorage.setItem(USER_KEY, JSON.stringify(data.user));
    } catch (e) { /* storage blocked: this page only */ }
    state.user = data.user;
    showChrome();
    route();
  }

  function signOut(message) {
    try { window.sessionStorage.removeItem(TOKEN_KEY); window.sessionStorage.removeItem(USER_KEY); } catch (e) { /* ignore */ }
    state.user = null;
    stopTimers();
    $("nav").hidden = true;
    $("who").hidden = true;
    show("login");
    if (message) { $("login-error").textContent = message; }
  }

  function showChrome() {
    $("nav").hidden = false;
    $("who").hidden = false;
    $("who-name").textContent = fill(T.who, { name: state.user.display_name, role: T.role[state.user.role] || T.role.staff });
  }

  $("login-form").addEventListener("submit", function (event) {
    event.preventDefault();
    $("login-error").textContent = "";
    api("POST", "/api/staff/login", { username: $("login-username").value, password: $("login-password").value })
      .then(function (data) { $("login-password").value = ""; signIn(data); })
      .catch(function (error) { $("login-error").textContent = error.message; $("login-password").focus(); });
  });

  $("logout").addEventListener("click", function () {
    api("POST", "/api/staff/logout").catch(function () { /* the session is gone either way */ })
      .then(function () { signOut(""); });
  });

  // -- views ------------------------------------------------------------------------------------------------
  function stopTimers() { state.timers.forEach(window.clearInterval); state.timers = []; }
  function every(ms, fn) { state.timers.push(window.setInterval(fn, ms)); }

  function show(name) {
    document.querySelectorAll(".view").forEach(function (view) { view.hidden = view.id !== "view-" + name; });
    document.querySelectorAll("#nav a").forEach(function (link) {
      if (link.getAttribute("data-view") === name) { link.setAttribute("aria-current", "page"); }
      else { link.removeAttribute("aria-current"); }
    });
    state.view = name;
  }

  function route() {
    if (!state.user) { show("login"); $("login-username").focus(); return; }
    stopTimers();
    flash("");
    var hash = window.location.hash.replace(/^#/, "") || "queue";
    var match = /^ticket\/(\d+)$/.exec(hash);
    if (match) { openTicket(Number(match[1])); return; }
    var loaders = { queue: loadQueue, assist: showAssist, fallbacks: loadFallbacks, faq: loadFaq, dashboard: loadDashboard };
    (loaders[hash] || loadQueue)();
  }
  window.addEventListener("hashchange", route);

  // -- queue ------------------------------------------------------------------------------------------------
  function loadQueue() {
    show("queue");
    refreshQueue();
    every(10000, refreshQueue);
  }

  function refreshQueue() {
    var form = $("queue-filters");
    var params = [];
    ["status", "topic", "channel"].forEach(function (name) {
      var value = form.elements[name].value;
      if (value) { params.push(name + "=" + encodeURIComponent(value)); }
    });
    api("GET", "/api/staff/handoffs" + (params.length ? "?" + params.join("&") : "")).then(function (tickets) {
      var body = $("queue-body");
      clear(body);
      tickets.forEach(function (t) {
        var row = el("tr", null, "status-" + t.status);
        var idCell = el("td");
        var link = el("a", "#" + t.id);
        link.href = "#ticket/" + t.id;
        link.setAttribute("aria-label", fill(T.openTicket, { id: t.id }));
        idCell.appendChild(link);
        row.appendChild(idCell);
        row.appendChild(el("td", when(t.created_at)));
        row.appendChild(el("td", statusLabel(t)));
        row.appendChild(el("td", t.topic_label || t.topic));
        row.appendChild(el("td", channelLabel(t.channel)));
        row.appendChild(el("td", t.question || ""));
        row.appendChild(el("td", t.claimed_by_name || ""));
        body.appendChild(row);
      });
      $("queue-empty").hidden = tickets.length > 0;
      updateOpenCount();
    }).catch(function (error) { flash(error.message, true); });
  }

  function updateOpenCount() {
    api("GET", "/api/staff/handoffs?status=new").then(function (tickets) {
      $("open-count").textContent = tickets.length ? String(tickets.length) : "";
    }).catch(function () { /* the badge is a hint only */ });
  }

  $("queue-filters").addEventListener("change", refreshQueue);
  $("queue-refresh").addEventListener("click", refreshQueue);

  // -- one ticket -------------------------------------------------------------------------------------------
  function fact(list, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", label));
    list.appendChild(el("dd", value));
  }

  function messageNode(m) {
    var who = m.direction === "in" ? "user" : (m.custom && m.custom.from === "staff" ? "staff" : "bot");
    var label = fill(T.speaker[who], { name: who === "staff" ? m.custom.name || "" : "" });
    var item = el("div", null, "msg msg-" + who);
    item.appendChild(el("span", fill(T.messageMeta, { who: label, when: when(m.created_at) }), "msg-meta"));
    var kind = m.custom && m.custom.type ? (T.custom[m.custom.type] || m.custom.type) : T.nonText;
    item.appendChild(el("p", m.text || fill(T.nonTextShown, { kind: kind })));
    return item;
  }

  function appendMessages(messages) {
    var log = $("ticket-log");
    messages.forEach(function (m) {
      if (m.id && m.id <= state.lastMessageId) { return; }
      log.appendChild(messageNode(m));
      if (m.id) { state.lastMessageId = Math.max(state.lastMessageId, m.id); }
    });
    log.scrollTop = log.scrollHeight;
  }

  function renderTicket(t) {
    state.ticket = t;
    $("ticket-title").textContent = fill(T.ticketTitle, { id: t.id, status: statusLabel(t) });
    var facts = $("ticket-facts");
    clear(facts);
    fact(facts, T.facts.conversation, fill(T.facts.conversationValue, {
      id: t.conversation_id == null ? T.noConversation : t.conversation_id, channel: channelLabel(t.channel) }));
    fact(facts, T.facts.topic, t.topic_label || t.topic);
    fact(facts, T.facts.reason, T.reason[t.reason] || t.reason);
    fact(facts, T.facts.question, t.question);
    if (t.contact) { fact(facts, T.facts.contact, fill(T.facts.contactValue, t.contact)); }
    fact(facts, T.facts.created, when(t.created_at));
    fact(facts, T.facts.claimedBy, t.claimed_by_name);
    fact(facts, T.facts.closed, when(t.closed_at));
    $("ticket-claim").hidden = t.status !== "new";
    $("ticket-close").hidden = t.status === "closed";
    $("reply-form").hidden = t.status === "closed";
    var notes = $("ticket-notes");
    clear(notes);
    (t.notes || []).forEach(function (n) {
      notes.appendChild(el("li", fill(T.note, { author: n.author_name, when: when(n.created_at), text: n.text })));
    });
    var summary = t.inventory && Array.isArray(t.inventory.summary) ? t.inventory.summary : null;
    $("ticket-inventory").textContent = summary && summary.length ? summary.join("\n") : T.noInventory;
  }

  function openTicket(id) {
    show("ticket");
    clear($("ticket-log"));
    state.lastMessageId = 0;
    api("GET", "/api/staff/handoffs/" + id).then(function (t) {
      renderTicket(t);
      var log = $("ticket-log");
      if (t.transcript && t.transcript.length) {
        log.appendChild(el("p", T.transcriptBefore, "log-divider"));
        appendMessages(t.transcript);
        log.appendChild(el("p", T.transcriptAfter, "log-divider"));
      }
      appendMessages(t.messages);
      every(3000, function () { pollTicket(id); });
    }).catch(function (error) { flash(error.message, true); });
  }

  function pollTicket(id) {
    api("GET", "/api/staff/handoffs/" + id + "/messages?after=" + state.lastMessageId).then(appendMessages)
      .catch(function () { /* next poll */ });
  }

  function ticketAction(path, body, done) {
    var id = state.ticket.id;
    return api("POST", "/api/staff/handoffs/" + id + path, body).then(function (data) {
      if (done) { done(data); }
      return api("GET", "/api/staff/handoffs/" + id).then(function (t) { renderTicket(t); appendMessages(t.messages); });
    }).catch(function (error) { flash(error.message, true); throw error; });
  }

  $("ticket-claim").addEventListener("click", function () { ticketAction("/claim").then(function () { flash(T.claimed); }); });
  $("ticket-close").addEventListener("click", function () {
    if (!window.confirm(T.closeConfirm)) { return; }
    ticketAction("/close", undefined, function (data) {
      flash(data.notice_delivered ? T.closedNotified : T.closedNotNotified, !data.notice_delivered);
    });
  });
  $("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("reply-text").value;
    if (!text.trim()) { return; }
    ticketAction("/messages", { text: text }).then(function () { $("reply-text").value = ""; flash(T.replySent); })
      .catch(function () { /* the draft stays in the box */ });
  });
  $("note-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("note-text").value;
    if (!text.trim()) { return; }
    ticketAction("/notes", { text: text }).then(function () { $("note-text").value = ""; });
  });

  // -- assist panel -----------------------------------------------------------------------------------------
  function copyButton(getText, label) {
    var button = el("button", label || T.copy);
    button.type = "button";
    button.addEventListener("click", function () {
      var text = getText();
      var done = function () { flash(T.copied); };
      var failed = function () { flash(T.copyFailed, true); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, failed);
      } else { failed(); }
    });
    return button;
  }

  function showAssist() {
    show("assist");
    if (!$("calc-rows").children.length) { T.calcExamples.forEach(function (row) { addCalcRow(row[0], "", row[1]); }); }
    if (!$("calc-year").value) { $("calc-year").value = String(new Date().getFullYear() - 1); }
  }

  $("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = $("search-results");
    clear(box);
    api("GET", "/api/staff/assist/search?q=" + encodeURIComponent($("search-q").value)).then(function (hits) {
      if (!hits.length) { box.appendChild(el("p", T.searchNone, "muted")); return; }
      hits.forEach(function (h) {
        var card = el("article", null, "card");
        card.appendChild(el("h4", h.title));
        var answer = h.answer + "\n" + fill(T.answerFooter, h);
        if (h.notice) { answer += "\n" + fill(T.answerNotice, h); }
        if (h.contact) { answer += "\n" + fill(T.answerContact, h.contact); }
        card.appendChild(el("pre", answer, "pre"));
        card.appendChild(copyButton(function () { return answer; }, T.copyAnswer));
        box.appendChild(card);
      });
    }).catch(function (error) { flash(error.message, true); });
  });

  function addCalcRow(source, amount, unit) {
    var row = el("tr");
    [["source", source], ["amount", amount], ["unit", unit]].forEach(function (f) {
      var cell = el("td");
      var input = el("input");
      input.name = f[0];
      input.value = f[1] || "";
      input.setAttribute("aria-label", T.calcFields[f[0]]);
      if (f[0] !== "unit") { input.required = true; }
      cell.appendChild(input);
      row.appendChild(cell);
    });
    var remove = el("button", T.remove);
    remove.type = "button";
    remove.addEventListener("click", function () { row.remove(); });
    var cell = el("td");
    cell.appendChild(remove);
    row.appendChild(cell);
    $("calc-rows").appendChild(row);
  }
  $("calc-add").addEventListener("click", function () { addCalcRow("", "", ""); });

  function calcSummary(r) {
    var lines = [fill(T.calcHeading, r), fill(T.calcTotal, { total: r.total_tco2e, unit: r.unit })];
    (r.lines || []).forEach(function (l) {
      lines.push(fill(T.calcLine, { source: l.source_name, amount: l.amount_as_written, unit: l.unit_as_written,
        tco2e: l.tco2e, tco2e_unit: l.tco2e_unit, category: l.category,
        factor: l.factor && l.factor.name ? fill(T.calcFactor, l.factor) : "" }));
    });
    return lines.join("\n");
  }

  $("calc-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var activities = [];
    Array.prototype.forEach.call($("calc-rows").children, function (row) {
      var values = {};
      row.querySelectorAll("input").forEach(function (input) { values[input.name] = input.value.trim(); });
      if (values.source || values.amount) { activities.push({ source: values.source, amount: values.amount, unit: values.unit || null }); }
    });
    var box = $("calc-result");
    clear(box);
    api("POST", "/api/staff/assist/calc", { year: Number($("calc-year").value), activities: activities }).then(function (r) {
      var text = calcSummary(r);
      box.appendChild(el("pre", text, "pre"));
      box.appendChild(copyButton(function () { return text; }, T.copyResult));
    }).catch(function (error) { box.appendChild(el("p", error.message, "error")); });
  });

  // -- fallbacks --------------------------------------------------------------------------------------------
  function loadFallbacks() {
    show("fallbacks");
    api("GET", "/api/staff/fallbacks").then(function (rows) {
      var body = $("fallbacks-body");
      clear(body);
      rows.forEach(function (f) {
        var row = el("tr");
        row.appendChild(el("td", when(f.created_at)));
        row.appendChild(el("td", channelLabel(f.channel)));
        row.appendChild(el("td", f.question || ""));
        row.appendChild(el("td", T.intent[f.intent] || f.intent || ""));
        body.appendChild(row);
      });
      if (!rows.length) { body.appendChild(el("tr")).appendChild(el("td", T.noData)).colSpan = 4; }
    }).catch(function (error) { flash(error.message, true); });
  }

  // -- FAQ --------------------------------------------------------------------------------------------------
  function loadFaq() {
    show("faq");
    var admin = state.user.role === "admin";
    $("faq-readonly").hidden = admin;
    ["faq-answer", "faq-source", "faq-as-of", "faq-save"].forEach(function (id) { $(id).disabled = !admin; });
    api("GET", "/api/staff/faq").then(function (entries) {
      state.faq = entries;
      var select = $("faq-entry");
      var selected = select.value;
      clear(select);
      entries.forEach(function (e) {
        var option = el("option", fill(T.faqOption, e));
        option.value = e.id;
        select.appendChild(option);
      });
      if (selected) { select.value = selected; }
      fillFaq();
    }).catch(function (error) { flash(error.message, true); });
  }

  function fillFaq() {
    var id = $("faq-entry").value;
    var entry = state.faq.filter(function (e) { return e.id === id; })[0];
    if (!entry) { return; }
    $("faq-answer").value = entry.answer;
    $("faq-source").value = entry.source;
    $("faq-as-of").value = entry.as_of;
    $("faq-problems").textContent = "";
    var list = $("faq-versions");
    clear(list);
    api("GET", "/api/staff/faq/" + encodeURIComponent(id) + "/versions").then(function (versions) {
      versions.forEach(function (v) {
        list.appendChild(el("li", fill(T.faqVersion, { when: when(v.created_at), editor: v.editor,
          before: v.before.as_of, after: v.after.as_of,
          before_chars: v.before.answer.length, after_chars: v.after.answer.length })));
      });
      if (!versions.length) { list.appendChild(el("li", T.faqNoVersions, "muted")); }
    }).catch(function () { /* history is secondary */ });
  }
  $("faq-entry").addEventListener("change", fillFaq);

  $("faq-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var id = $("faq-entry").value;
    $("faq-problems").textContent = "";
    api("PUT", "/api/staff/faq/" + encodeURIComponent(id), {
      answer: $("faq-answer").value, source: $("faq-source").value, as_of: $("faq-as-of").value
    }).then(function (data) {
      flash(T.faqSaved + (data.warnings.length ? fill(T.faqWarnings, { warnings: data.warnings.join(T.listSeparator) }) : ""));
      loadFaq();
    }).catch(function (error) {
      $("faq-problems").textContent = error.message;  // the edit stays in the form
    });
  });

  // -- dashboard --------------------------------------------------------------------------------------------
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }

  function barChart(holder, labels, series, title) {
    // series: [{name, values}] stacked by day/label
    clear(holder);
    var width = 640, height = 220, left = 36, bottom = 40, top = 10;
    var totals = labels.map(function (_, i) { return series.reduce(function (s, x) { return s + (x.values[i] || 0); }, 0); });
    var max = Math.max(1, Math.max.apply(null, totals));
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": title, "class": "chart" });
    chart.appendChild(svg("title", {}, title));
    var slot = (width - left) / Math.max(1, labels.length);
    var plot = height - bottom - top;
    chart.appendChild(svg("text", { x: 2, y: top + 10, "class": "axis" }, max));
    chart.appendChild(svg("text", { x: 2, y: height - bottom, "class": "axis" }, 0));
    labels.forEach(function (label, i) {
      var y = height - bottom;
      series.forEach(function (s, k) {
        var v = s.values[i] || 0;
        if (!v) { return; }
        var h = v / max * plot;
        y -= h;
        var rect = svg("rect", { x: left + i * slot + 2, y: y, width: Math.max(1, slot - 4), height: h, fill: COLORS[k % COLORS.length] });
        rect.appendChild(svg("title", {}, fill(T.chartPoint, { label: label, series: s.name, value: v })));
        chart.appendChild(rect);
      });
      if (labels.length <= 12 || i % Math.ceil(labels.length / 10) === 0) {
        chart.appendChild(svg("text", { x: left + i * slot + slot / 2, y: height - bottom + 14, "text-anchor": "middle", "class": "axis" }, label));
      }
    });
    series.forEach(function (s, k) {
      chart.appendChild(svg("rect", { x: left + k * 120, y: height - 14, width: 10, height: 10, fill: COLORS[k % COLORS.length] }));
      chart.appendChild(svg("text", { x: left + k * 120 + 14, y: height - 5, "class": "axis" }, s.name));
    });
    holder.appendChild(chart);
  }

  function hbarChart(holder, items, title) {
    clear(holder);
    var width = 640, row = 24, left = 220;
    var height = Math.max(row, items.length * row) + 8;
    var max = Math.max.apply(null, [1].concat(items.map(function (x) { return x.value; })));
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": title, "class": "chart" });
    chart.appendChild(svg("title", {}, title));
    items.forEach(function (item, i) {
      var w = item.value / max * (width - left - 40);
      chart.appendChild(svg("text", { x: left - 6, y: i * row + 16, "text-anchor": "end", "class": "axis" }, item.label));
      chart.appendChild(svg("rect", { x: left, y: i * row + 4, width: Math.max(1, w), height: row - 8, fill: COLORS[0] }));
      chart.appendChild(svg("text", { x: left + w + 4, y: i * row + 16, "class": "axis" }, item.value));
    });
    if (!items.length) { chart.appendChild(svg("text", { x: 10, y: 16, "class": "axis" }, T.chartEmpty)); }
    holder.appendChild(chart);
  }

  function kpi(box, label, value) {
    var item = el("div", null, "kpi");
    item.appendChild(el("span", value, "kpi-value"));
    item.appendChild(el("span", label, "kpi-label"));
    box.appendChild(item);
  }

  function minutes(seconds) {
    return seconds === null || seconds === undefined ? T.noValue : fill(T.minutes, { n: Math.round(seconds / 60) });
  }

  function loadDashboard() {
    show("dashboard");
    api("GET", "/api/staff/dashboard?days=" + $("dashboard-days").value).then(function (d) {
      var days = d.days.map(function (x) { return x.slice(5); });
      var box = $("dashboard-kpis");
      clear(box);
      var conversations = Object.keys(d.conversations_per_day).reduce(function (s, c) {
        return s + d.conversations_per_day[c].reduce(function (a, b) { return a + b; }, 0);
      }, 0);
      kpi(box, T.kpi.conversations, conversations);
      kpi(box, T.kpi.fallbackRate, (d.fallback_rate * 100).toFixed(1) + "%");
      kpi(box, T.kpi.handoffs, d.handoffs.total);
      kpi(box, T.kpi.waiting, minutes(d.handoffs.waiting_seconds.mean));
      kpi(box, T.kpi.inventories, d.inventories.total);
      barChart($("chart-conversations"), days, Object.keys(d.conversations_per_day).map(function (c) {
        return { name: channelLabel(c), values: d.conversations_per_day[c] };
      }), T.charts.conversations);
      hbarChart($("chart-faq"), d.top_faq.map(function (f) { return { label: f.title, value: f.count }; }), T.charts.faq);
      hbarChart($("chart-handoffs"), Object.keys(d.handoffs.by_topic).map(function (t) {
        return { label: d.handoffs.topic_labels[t] || t, value: d.handoffs.by_topic[t] };
      }), T.charts.handoffs);
      barChart($("chart-fallbacks"), days, [
        { name: T.series.fallbacks, values: d.fallbacks_per_day },
        { name: T.series.inventories, values: d.inventories.per_day }
      ], T.charts.fallbacks);
    }).catch(function (error) { flash(error.message, true); });
  }
  $("dashboard-days").addEventListener("change", loadDashboard);

  // -- start (once the texts are in) ------------------------------------------------------------------------
  function start() {
    try { state.user = JSON.parse(window.sessionStorage.getItem(USER_KEY) || "null"); } catch (e) { state.user = null; }
    if (state.user && token()) {
      showChrome();
      api("GET", "/api/staff/me").then(function (user) { state.user = user; showChrome(); route(); })
        .catch(function () { /* 401 signs out */ });
    } else {
      signOut("");
    }
  }

  T = inlineTexts();
  if (T) {
    start();
  } else {
    fetch("/api/texts/console").then(function (response) { return response.json(); })
      .then(function (texts) { T = texts; start(); });
  }
})();
