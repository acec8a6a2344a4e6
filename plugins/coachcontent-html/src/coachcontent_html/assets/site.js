/* coachcontent-html: menu disclosure buttons, the site search and share buttons.
   Everything here is an enhancement: menus open on hover and keyboard focus
   with CSS alone, and the search form falls back to a web search. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");

  /* ---- Menus ------------------------------------------------------------ */

  function submenuOf(item) {
    return item.querySelector(":scope > .menu-list");
  }

  function isShown(item) {
    var submenu = submenuOf(item);
    return Boolean(submenu) && window.getComputedStyle(submenu).display !== "none";
  }

  function syncMenu(nav) {
    // aria-expanded tells what CSS shows: hover, keyboard focus or a toggle's click.
    nav.querySelectorAll("li.has-children").forEach(function (item) {
      var button = item.querySelector(":scope > .submenu-toggle");
      if (button) {
        button.setAttribute("aria-expanded", isShown(item) ? "true" : "false");
      }
    });
  }

  function closeAll(nav, except) {
    nav.querySelectorAll("li.is-open").forEach(function (item) {
      if (!except || !item.contains(except)) {
        item.classList.remove("is-open");
      }
    });
  }

  function setUpMenu(nav) {
    nav.querySelectorAll(".submenu-toggle").forEach(function (button) {
      var item = button.closest("li");
      var shownAtPointer = null;
      button.hidden = false;
      // A pointer focuses the button before the click; remember what was shown before that.
      button.addEventListener("pointerdown", function () {
        shownAtPointer = isShown(item);
      });
      button.addEventListener("click", function () {
        var shown = shownAtPointer === null ? isShown(item) : shownAtPointer;
        shownAtPointer = null;
        if (shown) {
          item.classList.remove("is-open");
          item.classList.add("is-dismissed");
        } else {
          closeAll(nav, item);
          item.classList.remove("is-dismissed");
          item.classList.add("is-open");
        }
        syncMenu(nav);
      });
    });
    var toggle = nav.querySelector(".menu-toggle");
    var menu = nav.querySelector(".menu");
    if (toggle && menu) {
      toggle.hidden = false;
      nav.classList.add("is-collapsible");
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        nav.classList.toggle("is-expanded", open);
      });
    }
    nav.addEventListener("focusin", function () {
      syncMenu(nav);
    });
    nav.addEventListener("focusout", function (event) {
      nav.querySelectorAll("li.is-dismissed").forEach(function (item) {
        if (!item.contains(event.relatedTarget)) {
          item.classList.remove("is-dismissed");
        }
      });
      if (!nav.contains(event.relatedTarget)) {
        closeAll(nav, null);
      }
      window.setTimeout(function () { syncMenu(nav); }, 0);
    });
    nav.addEventListener("mouseleave", function () {
      nav.querySelectorAll("li.is-dismissed").forEach(function (item) {
        if (!item.contains(document.activeElement)) {
          item.classList.remove("is-dismissed");
        }
      });
      syncMenu(nav);
    });
    nav.addEventListener("mouseover", function () {
      syncMenu(nav);
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      // Escape inside a submenu closes it and returns focus to its parent's link.
      var inner = event.target.closest("ul.menu-list:not(.menu-level-1)");
      var parent = inner ? inner.closest("li.has-children") : event.target.closest("li.has-children");
      if (parent) {
        parent.classList.remove("is-open");
        parent.classList.add("is-dismissed");
        var link = parent.querySelector(":scope > a, :scope > .menu-label");
        if (link && link.focus) {
          link.focus();
        }
        syncMenu(nav);
        event.preventDefault();
      }
    });
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) {
        closeAll(nav, null);
        syncMenu(nav);
      }
    });
  }

  /* ---- Search ----------------------------------------------------------- */

  var indexes = {};

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("search index: HTTP " + response.status);
      }
      return response.json();
    });
  }

  function sitePath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }

  function loadEntries(url) {
    // One file of entries, or (a large site) a manifest of parts, read at once and joined in order.
    return fetchJson(url).then(function (data) {
      if (Array.isArray(data.entries)) {
        return data.entries;
      }
      var parts = (data.parts || []).filter(function (part) { return sitePath(part.url); });
      return Promise.all(parts.map(function (part) {
        return fetchJson(part.url).then(function (partData) { return partData.entries || []; });
      })).then(function (lists) {
        return [].concat.apply([], lists);
      });
    });
  }

  function loadIndex(url) {
    if (!indexes[url]) {
      indexes[url] = loadEntries(url).then(function (entries) {
        return entries.map(function (entry) {
          return {
            entry: entry,
            title: fold(entry.title),
            tags: fold((entry.tags || []).join(" ")),
            summary: fold(entry.summary || ""),
            words: " " + fold(entry.words || "")
          };
        });
      });
    }
    return indexes[url];
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function terms(query) {
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (term) {
      return term.length > 1;
    });
  }

  function score(item, queryTerms) {
    var total = 0;
    for (var i = 0; i < queryTerms.length; i++) {
      var term = queryTerms[i];
      var points = 0;
      if (item.title.indexOf(term) !== -1) { points += 10; }
      if (item.tags.indexOf(term) !== -1) { points += 5; }
      if (item.summary.indexOf(term) !== -1) { points += 3; }
      if (item.words.indexOf(" " + term) !== -1) { points += 1; }
      if (points === 0) {
        return 0;  // every term must be found somewhere
      }
      total += points;
    }
    return total;
  }

  function search(items, query) {
    var queryTerms = terms(query);
    if (!queryTerms.length) {
      return [];
    }
    var hits = [];
    items.forEach(function (item, position) {
      var points = score(item, queryTerms);
      if (points > 0) {
        hits.push({ entry: item.entry, points: points, position: position });
      }
    });
    hits.sort(function (a, b) {
      return b.points - a.points || a.position - b.position;
    });
    return hits.slice(0, 10).map(function (hit) { return hit.entry; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function show(box, query, results) {
    box.textContent = "";
    var status = element("p", "search-status",
      results.length === 0 ? "No articles found for “" + query + "”." :
      results.length + (results.length === 1 ? " result" : " results") + " for “" + query + "”");
    box.appendChild(status);
    if (results.length) {
      var list = element("ul", "search-hits");
      results.forEach(function (entry) {
        var item = element("li");
        var link = element("a", null, entry.title);
        // Index URLs are site paths written by the build; anything else is skipped.
        if (!sitePath(entry.url)) {
          return;
        }
        link.href = entry.url;
        item.appendChild(link);
        if (entry.date) {
          item.appendChild(element("span", "search-date", entry.date));
        }
        if (entry.summary) {
          var text = entry.summary.length > 160 ? entry.summary.slice(0, 157) + "…" : entry.summary;
          item.appendChild(element("p", "search-summary", text));
        }
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    box.classList.add("has-results");
  }

  function fallback(form, input) {
    // The index could not be read: ask the web search, restricted to this site.
    if (form.hasAttribute("data-site-prefix")) {
      input.value = "site:" + form.getAttribute("data-site") + " " + input.value;
    }
    form.submit();
  }

  function setUpSearch(form) {
    var url = form.getAttribute("data-index");
    var input = form.querySelector("input[name=q]");
    var box = form.parentElement.querySelector(".search-results");
    if (!url || !input || !box) {
      return;
    }
    var timer = null;
    function run(submitOnFailure) {
      var query = input.value.trim();
      if (terms(query).length === 0) {
        box.textContent = "";
        box.classList.remove("has-results");
        return;
      }
      loadIndex(url).then(function (items) {
        if (input.value.trim() === query) {
          show(box, query, search(items, query));
        }
      }, function () {
        if (submitOnFailure) {
          fallback(form, input);
        }
      });
    }
    input.addEventListener("focus", function () { loadIndex(url).catch(function () {}); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(false); }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        input.value = "";
        box.textContent = "";
        box.classList.remove("has-results");
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(true);
    });
  }

  /* ---- Sharing ---------------------------------------------------------- */

  // The share links work without scripts; these buttons appear only where the
  // browser has the API they use: the Web Share API and the asynchronous clipboard.

  function say(status, text) {
    // Empty the live region first, so saying the same thing twice is heard twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function setUpShare(section) {
    var url = section.getAttribute("data-share-url");
    var native = section.querySelector(".share-native");
    var copy = section.querySelector(".share-copy");
    var status = section.querySelector(".share-status");
    if (!url || !status) {
      return;
    }
    var data = { title: section.getAttribute("data-share-title") || document.title, url: url };
    var text = section.getAttribute("data-share-text");
    if (text) {
      data.text = text;
    }
    var shown = false;
    if (native && typeof navigator.share === "function" &&
        (typeof navigator.canShare !== "function" || navigator.canShare(data))) {
      native.hidden = false;
      shown = true;
      native.addEventListener("click", function () {
        navigator.share(data).then(function () {
          say(status, "");
        }, function (error) {
          // AbortError: the visitor closed the share sheet, nothing to tell.
          if (!error || error.name !== "AbortError") {
            say(status, "Sharing did not work; use one of the links above.");
          }
        });
      });
    }
    if (copy && navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      copy.hidden = false;
      shown = true;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          say(status, "Copied: the link is on your clipboard.");
        }, function () {
          say(status, "Could not copy the link: " + url);
        });
      });
    }
    if (shown) {
      section.classList.add("has-share-actions");
    }
  }

  function start() {
    document.querySelectorAll(".site-nav").forEach(setUpMenu);
    document.querySelectorAll("form.search-form").forEach(setUpSearch);
    document.querySelectorAll("section.share[data-share-url]").forEach(setUpShare);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
