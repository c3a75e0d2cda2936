// Optional: keys c / k switch between "what changed" and "what was kept";
// following a link to a paragraph moves the keyboard focus there too.
(function () {
  document.addEventListener("keydown", function (e) {
    if (e.target && /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
    var id = e.key === "c" ? "view-changed" : e.key === "k" ? "view-kept" : null;
    if (!id) return;
    var radios = document.querySelectorAll("input.view-radio");
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].id.slice(-id.length) === id) radios[i].checked = true;
    }
  });
  window.addEventListener("hashchange", function () {
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el && el.parentElement) { el.parentElement.setAttribute("tabindex", "-1"); el.parentElement.focus(); }
  });
  document.documentElement.setAttribute("data-enhanced", "yes");
})();
