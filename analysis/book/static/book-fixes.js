// The book's own fix to the theme (served from _static, added to every page by analysis.book.htmlfixes):
// an output that is wider than the page scrolls in its own box (book-fixes.css); a keyboard reader must be
// able to scroll it too, so a box that does scroll becomes a tab stop (WCAG 2.1.1), as the theme does for
// its own scrolling tables.
(() => {
  const SELECTOR = ".bd-article div.output, .bd-article .dt-layout-table";
  function tabStops() {
    for (const box of document.querySelectorAll(SELECTOR)) {
      if (box.scrollWidth > box.clientWidth) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0" && !box.matches(":focus")) {
        box.removeAttribute("tabindex");
      }
    }
  }
  window.addEventListener("load", tabStops);
  window.addEventListener("resize", tabStops);
  new MutationObserver(() => requestAnimationFrame(tabStops)).observe(document.documentElement, {childList: true, subtree: true});
})();

// pydata-sphinx-theme 0.17 (required by sphinx-book-theme 1.3, the newest) binds the primary sidebar's toggle to
// the first `.primary-toggle` of the page: the one in its own header, which the book theme hides. The book theme's
// visible button then does nothing: on a phone the chapters cannot be reached, on a desktop the sidebar does not
// collapse. A click (or Enter / Space) on any other primary toggle is passed on to the first one.
(() => {
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".primary-toggle");
    const bound = document.querySelector(".primary-toggle");
    if (!button || !bound || button === bound) return;
    event.preventDefault();
    event.stopPropagation();
    bound.click();
  }, true);
})();
