// Behaviour the admin's templates would otherwise write inline, which the Content-Security-Policy
// forbids: a menu that submits its form when changed, and buttons or forms that ask first.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) { field.form.submit(); }
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-confirm], input[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
});
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
});
// The release's slug follows its English headline as the officer types it, until the officer
// writes a slug of their own (or the release already has one): Django's URLify makes it.
(function () {
  function slugField() { return document.querySelector("input[data-slug-from-headline]"); }
  function languageOf(headline) {
    var language = document.getElementById(headline.id.replace(/-headline$/, "-language"));
    return language ? language.value : "";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var slug = slugField();
    if (slug && slug.value) { slug.dataset.ownSlug = "1"; }
  });
  document.addEventListener("input", function (event) {
    var slug = slugField();
    if (!slug) { return; }
    if (event.target === slug) { slug.dataset.ownSlug = slug.value ? "1" : ""; return; }
    var headline = event.target;
    if (!/^id_translations-\d+-headline$/.test(headline.id || "")) { return; }
    if (slug.dataset.ownSlug || languageOf(headline) !== slug.dataset.slugFromHeadline) { return; }
    if (typeof window.URLify === "function") {
      slug.value = window.URLify(headline.value, parseInt(slug.maxLength, 10) || 80, false);
    }
  });
})();
