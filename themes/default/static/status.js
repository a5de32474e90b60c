// Adds the live status ("open now", "closed") beside the dates on the home
// page. The dates are stated in words in the page itself, so without this
// script the page is still right.
(function () {
  var el = document.getElementById("live-status");
  if (!el) return;
  function at(s, end) {
    if (!s) return null;
    var p = s.split(/[-T:]/).map(Number);
    var d;
    if (p.length === 2) d = end ? new Date(p[0], p[1], 0, 23, 59, 59) : new Date(p[0], p[1] - 1, 1);
    else if (p.length === 3) d = new Date(p[0], p[1] - 1, p[2], end ? 23 : 0, end ? 59 : 0, end ? 59 : 0);
    else d = new Date(p[0], p[1] - 1, p[2], p[3], p[4], end ? 59 : 0);
    return isNaN(d.getTime()) ? null : d;
  }
  var now = new Date();
  var opens = at(el.getAttribute("data-opens"), false);
  var closes = at(el.getAttribute("data-closes"), true);
  var text;
  if (opens && now < opens) text = "not open for responses yet.";
  else if (closes && now > closes) text = "closed for responses.";
  else text = "open for responses.";
  el.textContent = "Status today: " + text;
  el.hidden = false;
})();
