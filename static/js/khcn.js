// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A form marked data-busy shows at once that it has been sent, before the server answers (a long
// plan takes a while to read): its status line (role=status, text from data-busy-text) says so
// with a spinner, the form is aria-busy and its submit buttons are disabled; a second submit is
// ignored. Runs after the data-confirm question above: a cancelled submit stays as it was.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || !form.hasAttribute("data-busy")) {
    return;
  }
  if (form.getAttribute("aria-busy") === "true") {
    event.preventDefault();
    return;
  }
  form.setAttribute("aria-busy", "true");
  var status = form.querySelector("[data-busy-status]");
  if (status) {
    var text = document.createElement("span");
    text.setAttribute("aria-busy", "true");
    text.textContent = status.getAttribute("data-busy-text");
    status.replaceChildren(text);
  }
  var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
  // Disabled on the next tick: the browser has read the form by then (a disabled button is
  // left out of what is sent).
  window.setTimeout(function () {
    buttons.forEach(function (button) {
      button.disabled = true;
    });
  }, 0);
});

// Back to a page the browser kept: the form is ready to be sent again.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) {
    return;
  }
  document.querySelectorAll("form[data-busy][aria-busy=true]").forEach(function (form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[data-busy-status]").forEach(function (status) {
      status.replaceChildren();
    });
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  });
});
