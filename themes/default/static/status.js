// States what has passed since the site was built. The pages already say
// every date in words, so without this script they are still right; with
// it, a reader also sees where things stand today:
// - the stage today (upcoming, open, closed and being analysed) beside the
//   dates on the home and respond pages, marked in the list of stages;
// - after the close, each "respond" link and the ways to respond are
//   marked closed, with the closing time, not hidden without a word;
// - a meeting still scheduled after its day says its notes are not yet
//   published.
(function () {
  "use strict";
  // An instant with an offset (2011-05-20T23:59:00+01:00) is exact; a date
  // written without a zone is read in the reader's own time.
  function at(s, end) {
    if (!s) return null;
    if (/[+-]\d\d:\d\d$|Z$/.test(s)) { var z = new Date(s); return isNaN(z.getTime()) ? null : z; }
    var p = s.split(/[-T:]/).map(Number);
    var d;
    if (p.length === 2) d = end ? new Date(p[0], p[1], 0, 23, 59, 59) : new Date(p[0], p[1] - 1, 1);
    else if (p.length === 3) d = new Date(p[0], p[1] - 1, p[2], end ? 23 : 0, end ? 59 : 0, end ? 59 : 0);
    else d = new Date(p[0], p[1] - 1, p[2], p[3], p[4], end ? 59 : 0);
    return isNaN(d.getTime()) ? null : d;
  }
  var now = new Date();
  var body = document.body;
  var opens = at(body.getAttribute("data-opens"), false);
  var closes = at(body.getAttribute("data-closes"), true);
  var closesWords = body.getAttribute("data-closes-words");
  var closed = !!(closes && now > closes);

  // The stage today, beside the dates the page states. Once the outcome
  // is published the page says so itself and has no live status.
  var live = document.getElementById("live-status");
  if (live && (opens || closes)) {
    var words = function (name) { return live.getAttribute("data-" + name + "-words") || ""; };
    var stage, text;
    if (opens && now < opens) {
      stage = "upcoming";
      text = "not yet open for responses" + (words("opens") ? "; responses open at " + words("opens") : "") + ".";
    } else if (closed) {
      stage = "closed";
      text = "closed for responses; responses are being analysed" +
        (words("due") ? " and the outcome is due by " + words("due") : "") + ".";
    } else {
      stage = "open";
      text = "open for responses" + (words("closes") ? " until " + words("closes") : "") + ".";
    }
    live.textContent = "Today: " + text;
    live.setAttribute("data-stage", stage);
    live.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".stages [data-stage]"), function (li) {
      if (li.getAttribute("data-stage") !== stage) return;
      li.setAttribute("aria-current", "step");
      var mark = document.createElement("strong");
      mark.className = "stage-today";
      mark.textContent = " (today)";
      li.appendChild(mark);
    });
  }

  if (closed) {
    // "closed at 23:59 on 20 May 2011, London time (BST)", or "at the end
    // of 20 May 2011" for a day given without a time.
    var when = !closesWords ? "" : (/^\d\d:\d\d on /.test(closesWords) ? " at " : " at the end of ") + closesWords;
    Array.prototype.forEach.call(document.querySelectorAll(".respond"), function (p) {
      var link = p.querySelector("a");
      var what = link ? link.textContent.replace(/^Respond to/, "Responses to") : "Responses";
      var span = document.createElement("span");
      span.className = "respond-closed";
      span.textContent = what + " closed" + when + ".";
      p.textContent = "";
      p.appendChild(span);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".channels"), function (list) {
      var p = document.createElement("p");
      p.className = "channels-closed";
      p.textContent = "This consultation closed" + when + ". These were the ways to respond:";
      list.parentNode.insertBefore(p, list);
      list.classList.add("closed");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".scheduled[data-date]"), function (el) {
    var day = at(el.getAttribute("data-date"), true);
    if (day && now > day) {
      var s = document.createElement("span");
      s.className = "date-passed";
      s.textContent = " (date passed, notes not yet published)";
      el.appendChild(s);
    }
  });
})();
