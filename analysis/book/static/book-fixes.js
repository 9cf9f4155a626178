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
