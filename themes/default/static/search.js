// Search as you type, over the index in search/index.js (a script, so it
// also works opened from disk). Results are built as DOM nodes, never as
// HTML strings, so no indexed text can become markup.
(function () {
  "use strict";
  var data = window.consultSearch;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!data || !form || !input || !status || !list) return;
  document.getElementById("search-nojs").hidden = true;
  form.hidden = false;

  var MAX = 50;
  var root = "../";
  var folded = null;

  // Lower case without accents, one code unit for one, so positions in the
  // folded text are positions in the original.
  function fold(s) {
    var out = "";
    for (var k = 0; k < s.length; k++) {
      var c = s.charAt(k).toLowerCase();
      var plain = c.normalize ? c.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : c;
      out += plain.length === 1 ? plain : c.length === 1 ? c : s.charAt(k);
    }
    return out;
  }

  // An entry is [place, ref, text] or [place, "#id", text, number]: ref is
  // a paragraph number (id "para-" + number), "§2" (id "section-2"),
  // "#id", or empty. See src/render/search.rs.
  function number(item) {
    var ref = item[1];
    if (item.length > 3) return item[3];
    return ref && ref.charAt(0) !== "#" && ref.charAt(0) !== "§" ? ref : "";
  }
  function fragment(item) {
    var ref = item[1];
    if (!ref) return "";
    if (ref.charAt(0) === "#") return ref;
    if (ref.charAt(0) === "§") return "#section-" + ref.slice(1);
    return "#para-" + ref;
  }
  function where(item) {
    var place = data.d[item[0]][0];
    var n = number(item);
    return n ? place + ", paragraph " + n : place;
  }

  function search(query) {
    if (!folded) folded = data.i.map(function (item) { return fold(item[2]); });
    var q = fold(query).trim();
    var terms = q.split(/\s+/).filter(Boolean);
    var wanted = q.replace(/^(paragraph|para|§)\s*/, "");
    var hits = [];
    for (var n = 0; n < data.i.length; n++) {
      var item = data.i[n];
      var text = folded[n];
      var score = 0;
      var num = number(item);
      if (num && num.toLowerCase() === wanted) score = 1000;
      var all = true;
      for (var t = 0; t < terms.length; t++) {
        var at = text.indexOf(terms[t]);
        if (at < 0) { all = false; break; }
        score += at === 0 || /\W/.test(text.charAt(at - 1)) ? 3 : 1;
      }
      if (all && !num) score += 2;
      if (all || score >= 1000) hits.push([score, n]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return { terms: terms, hits: hits };
  }

  // A part of `text` around the first match, with every match marked.
  function snippet(text, fold, terms) {
    var first = text.length;
    terms.forEach(function (t) { var at = fold.indexOf(t); if (at >= 0 && at < first) first = at; });
    var start = Math.max(0, first - 60);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    var end = Math.min(text.length, start + 220);
    var p = document.createElement("p");
    p.className = "search-snippet";
    var i = start;
    if (start > 0) p.appendChild(document.createTextNode("… "));
    while (i < end) {
      var next = end, len = 0;
      terms.forEach(function (t) { var at = fold.indexOf(t, i); if (at >= 0 && at < next) { next = at; len = t.length; } });
      p.appendChild(document.createTextNode(text.slice(i, Math.min(next, end))));
      if (next >= end) break;
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      p.appendChild(mark);
      i = next + len;
    }
    if (end < text.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    var found = search(query);
    var shown = found.hits.slice(0, MAX);
    var count = found.hits.length;
    status.textContent = count === 0 ? "No results for “" + query.trim() + "”."
      : (count === 1 ? "1 result" : count + " results") + " for “" + query.trim() + "”"
        + (count > MAX ? "; the first " + MAX + " are shown." : ".");
    shown.forEach(function (hit) {
      var item = data.i[hit[1]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + data.d[item[0]][1] + fragment(item);
      a.textContent = where(item);
      li.appendChild(a);
      if (item[2] !== data.d[item[0]][0]) li.appendChild(snippet(item[2], folded[hit[1]], found.terms));
      list.appendChild(li);
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      show(input.value);
      var url = input.value ? "?q=" + encodeURIComponent(input.value) : location.pathname;
      try { history.replaceState(null, "", url); } catch (e) { /* some browsers refuse on file:// */ }
    }, 120);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });

  // Arrow keys move between the box and the results; Tab works as ever.
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  form.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" && at + 1 < all.length) { e.preventDefault(); all[at + 1].focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (at > 0 ? all[at - 1] : input).focus(); }
    if (e.key === "Escape") { input.focus(); }
  });

  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; show(q); }
})();
