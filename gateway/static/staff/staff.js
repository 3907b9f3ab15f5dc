// 碳盤查小幫手客服後台。呼叫 /api/staff/*；登入後的 token 只放在 sessionStorage，
// 以 Authorization: Bearer 標頭送出（不用 cookie，所以其他網站無法冒用登入狀態）。
// 使用者與同仁輸入的文字一律用 textContent 顯示，不用 innerHTML。
(function () {
  "use strict";

  var TOKEN_KEY = "tanpancha.staff.token";
  var USER_KEY = "tanpancha.staff.user";
  var STATUS = { "new": "待接手", claimed: "處理中", closed: "已結案" };
  var CANCELLED_BY_USER = "使用者已取消";  // closed_by "user": withdrawn before anyone joined
  function statusLabel(t) {
    return t.status === "closed" && t.closed_by === "user" ? CANCELLED_BY_USER : (STATUS[t.status] || t.status);
  }
  var CHANNEL = { web: "網頁", line: "LINE" };
  var REASON = { user_request: "使用者要求", fallback: "連續兩次聽不懂", sensitive: "需專人判斷的議題" };
  var INTENT = { nlu_fallback: "聽不懂", out_of_scope: "超出範圍" };
  var NO_INVENTORY = "（無）";
  var CUSTOM = { handoff: "轉介專人", fallback: "無法回答", faq: "常見問答", inventory_result: "盤查結果" };
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
            signOut("登入已逾時，請重新登入。");
          }
          if (!response.ok) {
            var error = new Error(data && data.error ? data.error : "操作失敗（錯誤 " + response.status + "），請稍後再試。");
            error.status = response.status;
            error.data = data;
            throw error;
          }
          return data;
        });
      }, function () {
        throw new Error("無法連線到伺服器，請檢查網路後再試。");
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
    $("who-name").textContent = state.user.display_name + "（" + (state.user.role === "admin" ? "管理員" : "客服人員") + "）";
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
        link.setAttribute("aria-label", "開啟轉介單 " + t.id);
        idCell.appendChild(link);
        row.appendChild(idCell);
        row.appendChild(el("td", when(t.created_at)));
        row.appendChild(el("td", statusLabel(t)));
        row.appendChild(el("td", t.topic_label || t.topic));
        row.appendChild(el("td", CHANNEL[t.channel] || t.channel));
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
    var label = who === "user" ? "使用者" : (who === "staff" ? "同仁 " + (m.custom.name || "") : "小幫手");
    var item = el("div", null, "msg msg-" + who);
    item.appendChild(el("span", label + "・" + when(m.created_at), "msg-meta"));
    var kind = m.custom && m.custom.type ? (CUSTOM[m.custom.type] || m.custom.type) : "非文字訊息";
    item.appendChild(el("p", m.text || "〔" + kind + "〕"));
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
    $("ticket-title").textContent = "轉介單 #" + t.id + "（" + statusLabel(t) + "）";
    var facts = $("ticket-facts");
    clear(facts);
    fact(facts, "對話", "#" + (t.conversation_id == null ? "—" : t.conversation_id) + "（" + (CHANNEL[t.channel] || t.channel) + "）");
    fact(facts, "主題", t.topic_label || t.topic);
    fact(facts, "原因", REASON[t.reason] || t.reason);
    fact(facts, "問題", t.question);
    if (t.contact) {
      fact(facts, "窗口", t.contact.name + " " + t.contact.title + "（" + t.contact.org + "）" + t.contact.phone + "　" + t.contact.email);
    }
    fact(facts, "建立時間", when(t.created_at));
    fact(facts, "處理人", t.claimed_by_name);
    fact(facts, "結案時間", when(t.closed_at));
    $("ticket-claim").hidden = t.status !== "new";
    $("ticket-close").hidden = t.status === "closed";
    $("reply-form").hidden = t.status === "closed";
    var notes = $("ticket-notes");
    clear(notes);
    (t.notes || []).forEach(function (n) { notes.appendChild(el("li", n.author_name + "（" + when(n.created_at) + "）：" + n.text)); });
    var summary = t.inventory && Array.isArray(t.inventory.summary) ? t.inventory.summary : null;
    $("ticket-inventory").textContent = summary && summary.length ? summary.join("\n") : NO_INVENTORY;
  }

  function openTicket(id) {
    show("ticket");
    clear($("ticket-log"));
    state.lastMessageId = 0;
    api("GET", "/api/staff/handoffs/" + id).then(function (t) {
      renderTicket(t);
      var log = $("ticket-log");
      if (t.transcript && t.transcript.length) {
        log.appendChild(el("p", "── 轉介前的對話 ──", "log-divider"));
        appendMessages(t.transcript);
        log.appendChild(el("p", "── 轉介後 ──", "log-divider"));
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

  $("ticket-claim").addEventListener("click", function () { ticketAction("/claim").then(function () { flash("已接手。"); }); });
  $("ticket-close").addEventListener("click", function () {
    if (!window.confirm("確定要結案嗎？使用者的下一則訊息會交回小幫手回答。")) { return; }
    ticketAction("/close", undefined, function (data) {
      flash(data.notice_delivered ? "已結案，已通知使用者。" : "已結案，但通知沒有送達使用者，請改以電話聯絡。", !data.notice_delivered);
    });
  });
  $("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("reply-text").value;
    if (!text.trim()) { return; }
    ticketAction("/messages", { text: text }).then(function () { $("reply-text").value = ""; flash("已送出。"); })
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
    var button = el("button", label || "複製");
    button.type = "button";
    button.addEventListener("click", function () {
      var text = getText();
      var done = function () { flash("已複製到剪貼簿。"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { flash("無法自動複製，請手動選取文字。", true); });
      } else { flash("無法自動複製，請手動選取文字。", true); }
    });
    return button;
  }

  function showAssist() {
    show("assist");
    if (!$("calc-rows").children.length) { addCalcRow("外購電力", "", "度"); addCalcRow("天然氣", "", "立方公尺"); }
    if (!$("calc-year").value) { $("calc-year").value = String(new Date().getFullYear() - 1); }
  }

  $("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = $("search-results");
    clear(box);
    api("GET", "/api/staff/assist/search?q=" + encodeURIComponent($("search-q").value)).then(function (hits) {
      if (!hits.length) { box.appendChild(el("p", "找不到相關的問答，請換個說法。", "muted")); return; }
      hits.forEach(function (h) {
        var card = el("article", null, "card");
        card.appendChild(el("h4", h.title));
        var answer = h.answer + "\n（資料來源：" + h.source + "；資料日期：" + h.as_of + "）";
        if (h.notice) { answer += "\n⚠️ " + h.notice; }
        if (h.contact) { answer += "\n窗口：" + h.contact.name + " " + h.contact.title + " " + h.contact.phone + " " + h.contact.email; }
        card.appendChild(el("pre", answer, "pre"));
        card.appendChild(copyButton(function () { return answer; }, "複製答案"));
        box.appendChild(card);
      });
    }).catch(function (error) { flash(error.message, true); });
  });

  function addCalcRow(source, amount, unit) {
    var row = el("tr");
    [["source", source, "排放源，例如 外購電力"], ["amount", amount, "數量"], ["unit", unit, "單位，例如 度"]].forEach(function (f) {
      var cell = el("td");
      var input = el("input");
      input.name = f[0];
      input.value = f[1] || "";
      input.setAttribute("aria-label", f[2]);
      if (f[0] !== "unit") { input.required = true; }
      cell.appendChild(input);
      row.appendChild(cell);
    });
    var remove = el("button", "移除");
    remove.type = "button";
    remove.addEventListener("click", function () { row.remove(); });
    var cell = el("td");
    cell.appendChild(remove);
    row.appendChild(cell);
    $("calc-rows").appendChild(row);
  }
  $("calc-add").addEventListener("click", function () { addCalcRow("", "", ""); });

  function calcSummary(r) {
    var lines = [r.year + " 年（民國 " + r.roc_year + " 年）溫室氣體排放量試算，GWP：" + r.gwp,
      "總排放量：" + r.total_tco2e + " " + r.unit];
    (r.lines || []).forEach(function (l) {
      lines.push("・" + l.source_name + " " + l.amount_as_written + " " + l.unit_as_written + " → " + l.tco2e + " " + l.tco2e_unit +
        "（" + l.category + "，" + (l.factor && l.factor.name ? "係數：" + l.factor.name : "") + "）");
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
      box.appendChild(copyButton(function () { return text; }, "複製結果"));
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
        row.appendChild(el("td", CHANNEL[f.channel] || f.channel));
        row.appendChild(el("td", f.question || ""));
        row.appendChild(el("td", INTENT[f.intent] || f.intent || ""));
        body.appendChild(row);
      });
      if (!rows.length) { body.appendChild(el("tr")).appendChild(el("td", "目前沒有資料。")).colSpan = 4; }
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
        var option = el("option", e.title + "（" + e.id + "）");
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
        list.appendChild(el("li", when(v.created_at) + "　" + v.editor + "：資料日期 " + v.before.as_of + " → " + v.after.as_of +
          "；答案 " + v.before.answer.length + " 字 → " + v.after.answer.length + " 字"));
      });
      if (!versions.length) { list.appendChild(el("li", "尚無後台修改紀錄。", "muted")); }
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
      flash("已儲存，小幫手立即使用新答案。" + (data.warnings.length ? "（提醒：" + data.warnings.join("；") + "）" : ""));
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
        rect.appendChild(svg("title", {}, label + " " + s.name + "：" + v));
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
    if (!items.length) { chart.appendChild(svg("text", { x: 10, y: 16, "class": "axis" }, "尚無資料")); }
    holder.appendChild(chart);
  }

  function kpi(box, label, value) {
    var item = el("div", null, "kpi");
    item.appendChild(el("span", value, "kpi-value"));
    item.appendChild(el("span", label, "kpi-label"));
    box.appendChild(item);
  }

  function minutes(seconds) { return seconds === null || seconds === undefined ? "—" : Math.round(seconds / 60) + " 分鐘"; }

  function loadDashboard() {
    show("dashboard");
    api("GET", "/api/staff/dashboard?days=" + $("dashboard-days").value).then(function (d) {
      var days = d.days.map(function (x) { return x.slice(5); });
      var box = $("dashboard-kpis");
      clear(box);
      var conversations = Object.keys(d.conversations_per_day).reduce(function (s, c) {
        return s + d.conversations_per_day[c].reduce(function (a, b) { return a + b; }, 0);
      }, 0);
      kpi(box, "對話（每日不重複使用者合計）", conversations);
      kpi(box, "無法回答比例", (d.fallback_rate * 100).toFixed(1) + "%");
      kpi(box, "轉介專人", d.handoffs.total);
      kpi(box, "平均等候接手", minutes(d.handoffs.waiting_seconds.mean));
      kpi(box, "完成的盤查試算", d.inventories.total);
      barChart($("chart-conversations"), days, Object.keys(d.conversations_per_day).map(function (c) {
        return { name: CHANNEL[c] || c, values: d.conversations_per_day[c] };
      }), "每日對話數（依管道）");
      hbarChart($("chart-faq"), d.top_faq.map(function (f) { return { label: f.title, value: f.count }; }), "最常被問的問答");
      hbarChart($("chart-handoffs"), Object.keys(d.handoffs.by_topic).map(function (t) {
        return { label: d.handoffs.topic_labels[t] || t, value: d.handoffs.by_topic[t] };
      }), "轉介專人（依主題）");
      barChart($("chart-fallbacks"), days, [
        { name: "無法回答", values: d.fallbacks_per_day },
        { name: "完成盤查", values: d.inventories.per_day }
      ], "每日無法回答的訊息與完成的盤查");
    }).catch(function (error) { flash(error.message, true); });
  }
  $("dashboard-days").addEventListener("change", loadDashboard);

  // -- start ------------------------------------------------------------------------------------------------
  try { state.user = JSON.parse(window.sessionStorage.getItem(USER_KEY) || "null"); } catch (e) { state.user = null; }
  if (state.user && token()) {
    showChrome();
    api("GET", "/api/staff/me").then(function (user) { state.user = user; showChrome(); route(); })
      .catch(function () { /* 401 signs out */ });
  } else {
    signOut("");
  }
})();
