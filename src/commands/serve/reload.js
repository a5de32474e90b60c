// consult serve: reloads the page when the site is rebuilt, keeping the
// scroll position. Present only in the preview, never in a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script && script.getAttribute("data-build");
  if (!build || !window.fetch) return;
  var scrollKey = "consult-serve-scroll:" + location.pathname;

  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      var xy = JSON.parse(saved);
      window.scrollTo(xy[0], xy[1]);
    }
  } catch (e) {}

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) {}
    location.reload();
  }

  // Asks for the build after `seen`; the server answers when there is one
  // (or after a while with the same). While the server is down (restarting),
  // tries again, less often the longer it stays down.
  function poll(seen, onTag) {
    var delay = 200;
    function ask() {
      fetch("/__consult/wait?build=" + encodeURIComponent(seen), { cache: "no-store" })
        .then(function (r) {
          if (!r.ok) throw new Error("status " + r.status);
          return r.text();
        })
        .then(function (tag) {
          delay = 200;
          seen = tag.trim();
          onTag(seen);
          ask();
        })
        .catch(function () {
          setTimeout(ask, delay);
          delay = Math.min(delay * 2, 2000);
        });
    }
    ask();
  }

  function onTag(tag) {
    if (tag && tag !== build) reload();
  }

  // Browsers allow few connections to one server; with many tabs open, one
  // tab waits on the server and tells the others.
  if (navigator.locks && window.BroadcastChannel) {
    var channel = new BroadcastChannel("consult-serve-reload");
    channel.onmessage = function (e) {
      onTag(e.data);
    };
    navigator.locks.request("consult-serve-reload", function () {
      return new Promise(function () {
        poll(build, function (tag) {
          channel.postMessage(tag);
          onTag(tag);
        });
      });
    });
  } else {
    poll(build, onTag);
  }
})();
