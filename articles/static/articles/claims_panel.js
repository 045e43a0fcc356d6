// The Claim checks panel of an article's edit view: checks the form as it stands whenever it
// changes (rich text included, which updates its hidden input without an event), at most one
// request at a time, and links each flag to the block it is in.
(function () {
  "use strict";

  const POLL_MS = 100; // how often the form is compared with what was last checked
  const QUIET_MS = 150; // typing pauses this long before a check

  function start(panel) {
    const form = panel.closest("form");
    const url = panel.dataset.claimsUrl;
    const flags = panel.querySelector("[data-claims-flags]");
    const status = panel.querySelector("[data-claims-status]");
    if (!form || !url || !flags) return;

    let checked = serialise(form);
    let changedAt = 0;
    let pending = null;
    let inFlight = false;

    function serialise(target) {
      const body = new URLSearchParams();
      for (const [name, value] of new FormData(target)) {
        if (typeof value === "string") body.append(name, value);
      }
      return body.toString();
    }

    function check(body) {
      inFlight = true;
      panel.setAttribute("aria-busy", "true");
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-Requested-With": "XMLHttpRequest",
        },
      })
        .then((response) =>
          response.ok
            ? response.json()
            : response.json().then(
                (answer) => Promise.reject(answer.error),
                () => Promise.reject(null),
              ),
        )
        .then((answer) => {
          flags.innerHTML = answer.html;
          const count = answer.count;
          status.textContent =
            "Checked as you type." +
            (count ? ` ${count} flag${count === 1 ? "" : "s"} a medical reviewer would question.` : "");
          panel.dataset.claimsChecked = String(Date.now());
        })
        .catch((reason) => {
          status.textContent =
            (typeof reason === "string" && reason ? reason + " " : "Could not check just now. ") +
            "The flags shown are from the last check.";
        })
        .finally(() => {
          inFlight = false;
          panel.removeAttribute("aria-busy");
        });
    }

    window.setInterval(() => {
      const now = serialise(form);
      if (now !== checked && now !== pending) {
        pending = now;
        changedAt = Date.now();
      }
      if (pending !== null && !inFlight && Date.now() - changedAt >= QUIET_MS) {
        checked = pending;
        pending = null;
        check(checked);
      }
    }, POLL_MS);

    panel.addEventListener("click", (event) => {
      const link = event.target.closest("[data-claim-block]");
      if (!link) return;
      event.preventDefault();
      const id = window.CSS && CSS.escape ? CSS.escape(link.dataset.claimBlock) : link.dataset.claimBlock;
      const block =
        form.querySelector(`[data-contentpath="body"] [data-contentpath="${id}"]`) ||
        form.querySelector(`[data-contentpath="${id}"]`);
      if (!block) return;
      block.scrollIntoView({ behavior: "smooth", block: "center" });
      const field = block.querySelector('[contenteditable="true"], textarea, input:not([type="hidden"])');
      if (field) field.focus({ preventScroll: true });
      block.classList.add("claims-highlight");
      window.setTimeout(() => block.classList.remove("claims-highlight"), 2000);
    });
  }

  function init() {
    document.querySelectorAll("[data-claims-panel][data-claims-url]").forEach(start);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
