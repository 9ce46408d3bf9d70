/* sphinxcontrib-protomodel: a copy button for the ASCII art of each diagram.
 *
 * Progressive enhancement: the page works without this script (the ASCII art
 * is in a <details> and can be selected).  No dependency on other extensions.
 * navigator.clipboard where the page is a secure context, else a hidden
 * textarea and document.execCommand("copy").
 */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    var selection = document.getSelection();
    var saved = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    if (saved && selection) {
      selection.removeAllRanges();
      selection.addRange(saved);
    }
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return fallbackCopy(text);
      });
    }
    return fallbackCopy(text);
  }

  function enhance(details) {
    var pre = details.querySelector("pre.protomodel-ascii-art");
    if (!pre || details.querySelector(".protomodel-copy")) {
      return;
    }
    var tools = document.createElement("div");
    tools.className = "protomodel-ascii-tools";
    var status = document.createElement("span");
    status.className = "protomodel-copy-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "protomodel-copy";
    // The words come from the page (data-* on the disclosure, in the build's language).
    var words = {
      copy: details.getAttribute("data-copy-text") || "Copy",
      label: details.getAttribute("data-copy-label") || "Copy the ASCII art",
      copied: details.getAttribute("data-copied-text") || "Copied",
      failed: details.getAttribute("data-copy-failed") || "Copy failed: select the text and copy it"
    };
    button.textContent = words.copy;
    button.setAttribute("aria-label", words.label);
    var timer = null;
    button.addEventListener("click", function () {
      copyText(pre.textContent).then(
        function () {
          status.textContent = words.copied;
          button.setAttribute("data-copied", "true");
        },
        function () {
          status.textContent = words.failed;
          button.removeAttribute("data-copied");
        }
      );
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(function () {
        status.textContent = "";
        button.removeAttribute("data-copied");
      }, 2500);
    });
    tools.appendChild(status);
    tools.appendChild(button);
    var box = document.createElement("div");
    box.className = "protomodel-ascii-box";
    pre.parentNode.insertBefore(box, pre);
    box.appendChild(tools);
    box.appendChild(pre);
  }

  function init() {
    var all = document.querySelectorAll("details.protomodel-ascii");
    for (var i = 0; i < all.length; i++) {
      enhance(all[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
