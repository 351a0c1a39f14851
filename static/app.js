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
