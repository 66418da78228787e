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
