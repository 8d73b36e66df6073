// Wagtail's slug field keeps only the letters it has maps for, so a Vietnamese
// title ("Hội chợ OCOP") would lose its vowels ("hi-ch-ocop"). After Wagtail
// writes a slug from the title, write the ASCII-folded one instead: the same
// folding as cms/slugs.py on the server ("đ" -> "d", marks dropped).
(function () {
  "use strict";
  function asciiSlug(text) {
    return text
      .replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9\s_-]/g, "")
      .trim()
      .replace(/[-\s]+/g, "-")
      .substring(0, 255)
      .replace(/-+$/g, "");
  }
  document.addEventListener("w-slug:applied", function (event) {
    var source = event.detail && event.detail.sourceValue;
    if (typeof source === "string" && source) {
      event.target.value = asciiSlug(source);
    }
  });
})();
