// Progressive enhancement only: every page works without this file.
//
// Filter as you type: a GET form marked `data-live-search` refreshes the element marked
// `data-live-region` (inside the same page) with the results for what has been typed so far,
// a moment after typing stops, and keeps the address bar in step so the result can be shared or
// reloaded. Submitting the form still works the ordinary way.
(function () {
  "use strict";

  function liveSearch(form) {
    var region = document.querySelector("[data-live-region]");
    if (!region || !window.fetch || !window.DOMParser) return;
    var timer = null;
    var latest = 0;
    // A live region must exist before its words change to be announced: the region's own
    // status line is replaced with everything else, so this one stays and repeats it.
    var announcer = document.createElement("p");
    announcer.className = "visually-hidden";
    announcer.setAttribute("role", "status");
    region.parentNode.insertBefore(announcer, region);

    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      // A new search starts at the top of its list, not at the position of an older page.
      ["page", "after", "before"].forEach(function (name) { params.delete(name); });
      var url = form.getAttribute("action") + "?" + params.toString();
      var ticket = ++latest;
      region.setAttribute("aria-busy", "true");
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          if (ticket !== latest) return; // an older answer arriving late
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.querySelector("[data-live-region]");
          if (!fresh) return;
          region.replaceChildren.apply(region, Array.from(fresh.childNodes));
          history.replaceState(null, "", url);
          var said = region.querySelector("[role=status]");
          announcer.textContent = said ? said.textContent.replace(/\s+/g, " ").trim() : "";
        })
        .catch(function () {
          // Leave the page as it is; the ordinary submit still works.
        })
        .finally(function () {
          if (ticket === latest) region.removeAttribute("aria-busy");
        });
    }

    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live-search]").forEach(liveSearch);
  });
})();

// Pickers (issue 15). Each part only enhances markup that works without it.
//
// - The support contact form's search box (`form[data-picker-search]`) filters the partners the
//   page lists as you type (`li[data-find]`: name and PartnerID); submitting it still reloads the
//   page with `?find=`, which is how it works without this file.
// - Submit (`[data-picker-submit]`) stays disabled until the choice differs from the current
//   contact (`input[data-current]`); without this file the server says "already the contact".
// - A text input marked `data-suggest="resellers"` or `data-suggest="customers"` becomes an
//   ARIA 1.2 combobox: suggestions from `/suggest/<kind>?q=` in a listbox, arrow keys to move,
//   Enter to choose, Escape to close; the chosen value (a PartnerID, a tenant id) goes into the
//   input, which the server-side filter reads.
// - A tenant id (`[data-copy]`) gets a Copy button (`[data-copy-button]`, hidden without this file).
(function () {
  "use strict";

  function fold(text) { return (text || "").toLocaleLowerCase().trim(); }

  function pickerSearch(form) {
    var input = form.querySelector("input[name=find]");
    var assign = document.querySelector("form[data-picker-form]");
    if (!input || !assign) return;
    var none = assign.querySelector("[data-picker-none]");
    input.addEventListener("input", function () {
      var needle = fold(input.value);
      var shown = 0;
      assign.querySelectorAll("li[data-find]").forEach(function (li) {
        var match = !needle || fold(li.getAttribute("data-find")).indexOf(needle) >= 0 ||
          !!li.querySelector("input:checked");
        li.hidden = !match;
        if (match && !li.classList.contains("disabled")) shown++;
      });
      if (none) none.hidden = shown > 0;
      var details = assign.querySelector("details.unavailable");
      if (details && needle && details.querySelector("li[data-find]:not([hidden])")) details.open = true;
    });
  }

  function submitUntilChanged(form) {
    var button = form.querySelector("[data-picker-submit]");
    var current = form.querySelector("input[data-current]");
    if (!button || !current) return;
    function update() { button.disabled = current.checked; }
    form.addEventListener("change", update);
    update();
  }

  var listboxes = 0;

  function suggest(input) {
    var kind = input.getAttribute("data-suggest");
    if (kind !== "resellers" && kind !== "customers") return;
    if (!window.fetch) return;
    var id = "suggest-" + (++listboxes);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = id + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;
    var wrap = document.createElement("div");
    wrap.className = "suggest";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    var timer = null;
    var latest = 0;
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function choose(option) {
      input.value = option.getAttribute("data-value");
      close();
      var form = input.form;
      if (!form) return;
      if (form.hasAttribute("data-live-search")) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
      } else if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    function show(items) {
      list.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      items.slice(0, 10).forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-value", item.value);
        li.textContent = item.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
        list.appendChild(li);
      });
      var open = items.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      var ticket = ++latest;
      fetch("/suggest/" + kind + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (items) { if (ticket === latest && Array.isArray(items)) show(items); })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function (e) {
      if (!e.isTrusted) return; // the value a choice put in
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden) { fetchSuggestions(); } else { highlight(active + 1); }
      } else if (e.key === "ArrowUp") {
        if (!list.hidden) { e.preventDefault(); highlight(active - 1); }
      } else if (e.key === "Enter") {
        var all = options();
        if (!list.hidden && active >= 0 && all[active]) { e.preventDefault(); choose(all[active]); }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function copyButton(button) {
    var source = document.getElementById(button.getAttribute("data-copy-button"));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        setTimeout(function () { button.textContent = label; }, 1500);
      }, function () {});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-picker-search]").forEach(pickerSearch);
    document.querySelectorAll("form[data-picker-form]").forEach(submitUntilChanged);
    document.querySelectorAll("input[data-suggest]").forEach(suggest);
    document.querySelectorAll("button[data-copy-button]").forEach(copyButton);
  });
})();
