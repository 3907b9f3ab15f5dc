// 碳盤查小幫手：最簡單的網頁對話框（完整的 widget 是之後的工作）。
// 呼叫 POST /api/chat，顯示文字、圖片與按鈕；按下按鈕就送出它的 payload。
(function () {
  "use strict";

  var SENDER_KEY = "tanpancha.sender";
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var sendButton = document.getElementById("chat-send");
  var statusLine = document.getElementById("chat-status");

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return "web-" + window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function senderId() {
    var id = null;
    try { id = window.localStorage.getItem(SENDER_KEY); } catch (e) { /* storage blocked */ }
    if (!id) {
      id = newSenderId();
      try { window.localStorage.setItem(SENDER_KEY, id); } catch (e) { /* keep it for this page only */ }
    }
    return id;
  }

  var sender = senderId();

  function addBubble(text, who, extraClass) {
    var div = document.createElement("div");
    div.className = "msg msg-" + who + (extraClass ? " " + extraClass : "");
    div.textContent = text;  // never innerHTML: bot and user text are shown as text
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function addButtons(buttons) {
    var row = document.createElement("div");
    row.className = "buttons";
    buttons.forEach(function (b) {
      if (!b || typeof b.title !== "string") { return; }
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.title;
      btn.addEventListener("click", function () {
        send(typeof b.payload === "string" && b.payload ? b.payload : b.title, b.title);
      });
      row.appendChild(btn);
    });
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function showBotMessage(m) {
    var isError = m.custom && m.custom.error;
    if (typeof m.text === "string" && m.text) {
      addBubble(m.text, "bot", isError ? "msg-error" : "");
    }
    if (typeof m.image === "string" && m.image) {
      var holder = addBubble("", "bot");
      var img = document.createElement("img");
      img.src = m.image;
      img.alt = "小幫手傳送的圖片";
      holder.appendChild(img);
    }
    if (Array.isArray(m.buttons) && m.buttons.length) {
      addButtons(m.buttons);
    }
  }

  function setBusy(busy) {
    sendButton.disabled = busy;
    statusLine.textContent = busy ? "小幫手正在回覆…" : "";
  }

  function send(message, shownAs) {
    addBubble(shownAs || message, "user");
    setBusy(true);
    return fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok) {
          var reason = data && data.error ? data.error : "訊息沒有送出（錯誤 " + response.status + "），請稍後再試。";
          addBubble(reason, "bot", "msg-error");
          return;
        }
        (Array.isArray(data) ? data : []).forEach(showBotMessage);
      });
    }).catch(function () {
      addBubble("無法連線到小幫手，請檢查網路後再試一次。", "bot", "msg-error");
    }).then(function () {
      setBusy(false);
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) { return; }
    input.value = "";
    send(text);
  });
})();
